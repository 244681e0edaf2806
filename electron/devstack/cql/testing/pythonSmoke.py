# cqlsh's driver (DataStax python-driver) against the embedded store: default protocol negotiation (it opens with v5
# and must downgrade to v4), full schema metadata, prepared statements and paging. Prints one JSON line.
import json
import sys

from cassandra.cluster import Cluster
from cassandra.query import SimpleStatement

port = int(sys.argv[1])
cluster = Cluster(["127.0.0.1"], port=port, connect_timeout=10)
session = cluster.connect()
session.execute(
    "CREATE KEYSPACE IF NOT EXISTS py WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
)
session.execute("CREATE TABLE IF NOT EXISTS py.t (id int PRIMARY KEY, name text, score double)")
insert = session.prepare("INSERT INTO py.t (id, name, score) VALUES (?, ?, ?)")
for i in range(250):
    session.execute(insert, (i, "name%d" % i, i / 2.0))
rows = list(session.execute(SimpleStatement("SELECT id, name, score FROM py.t", fetch_size=100)))
one = session.execute("SELECT name FROM py.t WHERE id = %s", (42,)).one()
# A prepared SELECT makes the driver send skip_metadata and decode with the metadata it got at PREPARE time.
select = session.prepare("SELECT * FROM py.t WHERE id = ?")
prepared_row = session.execute(select, (7,)).one()
meta = cluster.metadata.keyspaces["py"].tables["t"]
print(
    json.dumps(
        {
            "protocol": cluster.protocol_version,
            "rows": len(rows),
            "distinct": len(set(r.id for r in rows)),
            "name42": one.name,
            "prepared7": [prepared_row.id, prepared_row.name, prepared_row.score],
            "partitionKey": [c.name for c in meta.partition_key],
            "columns": sorted(meta.columns.keys()),
            "release": session.execute("SELECT release_version FROM system.local").one().release_version,
        }
    )
)
cluster.shutdown()
