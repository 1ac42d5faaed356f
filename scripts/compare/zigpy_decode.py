# Decodes the project's mixed corpus with zigpy 2.4 (header + command schema of the cluster),
# repeatedly, and prints frames per CPU-second.
import json, sys, time
import zigpy.zcl as zcl
from zigpy.zcl import foundation
frames = [json.loads(l) for l in open(sys.argv[1])]
frames = [(f["cluster"], bytes.fromhex(f["hex"])) for f in frames]
def decode(cluster_id, data):
    hdr, rest = foundation.ZCLHeader.deserialize(data)
    cls = zcl.Cluster._registry.get(cluster_id)
    if hdr.frame_control.frame_type == foundation.FrameType.GLOBAL_COMMAND:
        schema = foundation.GENERAL_COMMANDS[hdr.command_id].schema
    else:
        cmds = cls.server_commands if hdr.direction == foundation.Direction.Client_to_Server else cls.client_commands
        schema = cmds[hdr.command_id].schema
    return hdr, schema.deserialize(rest)
ok = 0
for c, d in frames:
    try:
        decode(c, d); ok += 1
    except Exception as e:
        print("fail", hex(c), d.hex(), e)
print(f"zigpy decodes {ok} of {len(frames)}")
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 200
t0 = time.process_time(); n = 0
for _ in range(rounds):
    for c, d in frames:
        try: decode(c, d)
        except Exception: pass
        n += 1
cpu = time.process_time() - t0
print(f"zigpy 2.4: {n} frames in {cpu:.3f} CPU-s: {n/cpu:.0f} frames per CPU-second")
