# python-driver with PlainTextAuthProvider against a store with auth: argv = port username password.
# Prints {"ok": true, "user": ...} or {"ok": false, "error": ...} as one JSON line.
import json
import sys

from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import Cluster, NoHostAvailable

port, username, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
cluster = Cluster(
    ["127.0.0.1"], port=port, connect_timeout=10, auth_provider=PlainTextAuthProvider(username=username, password=password)
)
try:
    session = cluster.connect()
    row = session.execute("SELECT cluster_name FROM system.local").one()
    print(json.dumps({"ok": True, "cluster": row.cluster_name}))
except NoHostAvailable as e:
    print(json.dumps({"ok": False, "error": str(list(e.errors.values())[0])}))
finally:
    cluster.shutdown()
