# python-driver with PlainTextAuthProvider against a store with auth: argv = port username password [ca.pem].
# With a CA file the connection is TLS, verified against it. Prints {"ok": true, ...} or {"ok": false, "error": ...}
# as one JSON line.
import json
import sys

from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import Cluster, NoHostAvailable

port, username, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
tls = {}
if len(sys.argv) > 4:
    import ssl

    context = ssl.create_default_context(cafile=sys.argv[4])
    context.check_hostname = False  # the certificate names 127.0.0.1 as an IP SAN; the CA check is what matters
    tls = {"ssl_context": context}
cluster = Cluster(
    ["127.0.0.1"],
    port=port,
    connect_timeout=10,
    auth_provider=PlainTextAuthProvider(username=username, password=password),
    **tls,
)
try:
    session = cluster.connect()
    row = session.execute("SELECT cluster_name FROM system.local").one()
    # 300 KB each way: several v5 segments through the TLS socket's own chunks.
    session.execute(
        "CREATE KEYSPACE IF NOT EXISTS auth_py WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
    )
    session.execute("CREATE TABLE IF NOT EXISTS auth_py.t (k int PRIMARY KEY, v text)")
    big = "".join(chr(97 + (i * 7919) % 26) for i in range(300000))
    session.execute("INSERT INTO auth_py.t (k, v) VALUES (1, %s)", (big,))
    same = session.execute("SELECT v FROM auth_py.t WHERE k = 1").one().v == big
    print(json.dumps({"ok": True, "cluster": row.cluster_name, "protocol": cluster.protocol_version, "big": same}))
except NoHostAvailable as e:
    print(json.dumps({"ok": False, "error": str(list(e.errors.values())[0])}))
finally:
    cluster.shutdown()
