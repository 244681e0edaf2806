# python-driver (cqlsh's driver) against the wire server with the fake engine: negotiation from its first version
# (DSE_V2, then DSE_V1, then v5) down to v4, STARTUP, USE, prepared INSERTs and paging. Schema metadata is off because
# the fake engine has no system_schema tables. Prints one JSON line.
import json
import logging
import sys

from cassandra.cluster import Cluster
from cassandra.query import SimpleStatement

logging.basicConfig(level=logging.WARNING)  # the downgrade steps are logged as warnings on stderr
cluster = Cluster(
    ["127.0.0.1"], port=int(sys.argv[1]), schema_metadata_enabled=False, token_metadata_enabled=False, connect_timeout=10
)
session = cluster.connect()
session.execute("CREATE KEYSPACE pyks WITH replication = {}")
session.set_keyspace("pyks")
insert = session.prepare("INSERT INTO kv (k, v) VALUES (?, ?)")
for i in range(25):
    session.execute(insert, (i, "v%d" % i))
rows = list(session.execute(SimpleStatement("SELECT k, v FROM kv", fetch_size=7)))
print(json.dumps({"protocol": cluster.protocol_version, "keys": [r.k for r in rows]}))
cluster.shutdown()
