# python-driver (cqlsh's driver) against the wire server with the fake engine: negotiation from its first version
# (DSE_V2, then DSE_V1) down to v5, or a fixed version (argv[3]), STARTUP (optionally with lz4 or snappy: argv[2]),
# USE, prepared INSERTs and paging. Schema metadata is off because
# the fake engine has no system_schema tables. Prints one JSON line.
import json
import logging
import sys

from cassandra.cluster import Cluster
from cassandra.query import SimpleStatement

logging.basicConfig(level=logging.WARNING)  # the downgrade steps are logged as warnings on stderr
compression = sys.argv[2] if len(sys.argv) > 2 else "none"
cluster = Cluster(
    ["127.0.0.1"],
    port=int(sys.argv[1]),
    schema_metadata_enabled=False,
    token_metadata_enabled=False,
    connect_timeout=10,
    compression=False if compression == "none" else compression,
    **({"protocol_version": int(sys.argv[3])} if len(sys.argv) > 3 else {}),
)
session = cluster.connect()
ks = "pyks_%s_%d" % (compression, cluster.protocol_version)
session.execute("CREATE KEYSPACE %s WITH replication = {}" % ks)
session.set_keyspace(ks)
insert = session.prepare("INSERT INTO kv (k, v) VALUES (?, ?)")
for i in range(25):
    session.execute(insert, (i, "v%d" % i))
rows = list(session.execute(SimpleStatement("SELECT k, v FROM kv", fetch_size=7)))
# Requests of 700+ bytes so compressors really compress (python-driver skips tiny bodies only for v5 segments).
big = session.execute(insert, (1000, "x" * 5000))
compressed = cluster.control_connection._connection.compressor is not None
print(json.dumps({"protocol": cluster.protocol_version, "keys": [r.k for r in rows], "compressed": compressed}))
cluster.shutdown()
