// Decodes the project's mixed corpus with zigbee-herdsman's ZCL frame parser, repeatedly,
// and prints frames per CPU-second (process.cpuUsage).
const fs = require('fs');
const Zcl = require(process.env.HERDSMAN_DIR + '/dist/zspec/zcl');
const lines = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').map(JSON.parse);
const frames = lines.map(l => ({cluster: l.cluster, buf: Buffer.from(l.hex, 'hex')}));
let ok = 0, failed = 0;
for (const f of frames) {
  try { Zcl.Frame.fromBuffer(f.cluster, Zcl.Header.fromBuffer(f.buf), f.buf, {}); ok++; } catch (e) { failed++; }
}
console.log(`herdsman decodes ${ok} of ${frames.length} corpus frames (${failed} throw)`);
const rounds = Number(process.argv[3] || 20000);
const t0 = process.cpuUsage();
let n = 0;
for (let r = 0; r < rounds; r++) {
  for (const f of frames) {
    try { Zcl.Frame.fromBuffer(f.cluster, Zcl.Header.fromBuffer(f.buf), f.buf, {}); } catch (e) {}
    n++;
  }
}
const d = process.cpuUsage(t0);
const cpu = (d.user + d.system) / 1e6;
console.log(`zigbee-herdsman 11: ${n} frames in ${cpu.toFixed(3)} CPU-s: ${(n / cpu).toFixed(0)} frames per CPU-second`);
