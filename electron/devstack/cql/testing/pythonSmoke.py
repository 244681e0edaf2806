# cqlsh's driver (DataStax python-driver) against the embedded store: default protocol negotiation (DSE_V2, DSE_V1,
# then v5: segments, lz4 when python3-lz4 is installed), full schema metadata, prepared statements, paging, a value
# larger than one segment and v5's per-request keyspace. Prints one JSON line.
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
# 300 KB: more than two 128 KiB segments each way.
big = "".join(chr(97 + (i * 7919) % 26) for i in range(300000))
session.execute(insert, (100000, big, 0.0))
big_back = session.execute(select, (100000,)).one().name
# v5 QUERY flag 0x80: the keyspace travels with the request (no USE on this session).
scoped = session.execute(SimpleStatement("SELECT name FROM t WHERE id = 42", keyspace="py")).one().name
# cqlsh's TRACING ON: the trace id in the response, then system_traces read back by the driver.
trace = session.execute("SELECT name FROM py.t WHERE id = 1", trace=True).get_query_trace(5)
clients = list(session.execute("SELECT driver_name, protocol_version FROM system_views.clients"))
meta = cluster.metadata.keyspaces["py"].tables["t"]
print(
    json.dumps(
        {
            "protocol": cluster.protocol_version,
            "rows": len(rows),
            "trace": [trace.request_type, [e.description for e in trace.events][-1]],
            "clients": sorted(set((c.driver_name, c.protocol_version) for c in clients)),
            "bigRoundTrip": big_back == big,
            "scoped": scoped,
            "compressed": cluster.control_connection._connection.compressor is not None,
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
