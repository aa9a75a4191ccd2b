"""moto's servers for one jest run, forked from one warm process (test/support/moto-launcher.ts starts it).

A fresh `python -m moto.server` spends about 3 s of CPU importing moto and loading the SSM, SNS and DynamoDB
backends on its first requests; a jest run starts about fifteen. This process does that once, empties what the
warm-up made (moto's own reset), then forks one server per request: each is still its own process on its own port
with its own state, as `python -m moto.server -H 127.0.0.1 -p PORT` (moto.server.main) would be.

usage: python moto-launcher.py SOCKET
  Listens on the Unix socket SOCKET. A client writes "PORT LOGFILE\n"; a server is forked on 127.0.0.1:PORT, its
  output going to LOGFILE, and its process id is written back. When its standard input closes (jest ended, or died)
  it stops every server it forked and exits. When the warm-up fails, SOCKET.failed holds why, and it exits 1.
"""

import gc
import os
import selectors
import signal
import socket
import sys
import traceback


def warm_up():
    from moto.server import DomainDispatcherApplication, create_backend_app
    from werkzeug.test import Client

    client = Client(DomainDispatcherApplication(create_backend_app))

    def signed(service):
        credential = f"testing/20260101/us-east-1/{service}/aws4_request"
        return {"Authorization": f"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=host, Signature=0"}

    json11 = {"Content-Type": "application/x-amz-json-1.1"}
    json10 = {"Content-Type": "application/x-amz-json-1.0"}
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    client.post("/", headers={"X-Amz-Target": "AmazonSSM.GetParametersByPath", **json11, **signed("ssm")}, data='{"Path": "/warm-up"}')
    client.post("/", headers={**form, **signed("sns")}, data="Action=ListTopics&Version=2010-03-31")
    client.post("/", headers={"X-Amz-Target": "DynamoDB_20120810.ListTables", **json10, **signed("dynamodb")}, data="{}")
    client.post("/moto-api/reset")
    # What the warm-up loaded stays for every fork: out of the collector's sight, a fork's first full collection no
    # longer walks (and so copies) all of moto's objects, about 0.7 s of CPU per server otherwise.
    gc.collect()
    gc.freeze()


def serve(port, log_file):
    """In the forked child: moto's server, as `python -m moto.server -H 127.0.0.1 -p PORT`."""
    from moto.server import main

    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    log = os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(log, 1)
    os.dup2(log, 2)
    try:
        main(["-H", "127.0.0.1", "-p", str(port)])
    finally:
        os._exit(0)


def reap(_signal, _frame):
    try:
        while os.waitpid(-1, os.WNOHANG)[0] != 0:
            pass
    except ChildProcessError:
        pass


def run(path):
    try:
        warm_up()
    except BaseException:
        with open(f"{path}.failed", "w") as failed:
            failed.write(traceback.format_exc())
        return 1
    # An ended server is reaped at once: its process id is then gone, which is how its end is seen (moto-launcher.ts).
    signal.signal(signal.SIGCHLD, reap)
    servers = set()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    selector.register(sys.stdin, selectors.EVENT_READ)
    try:
        while True:
            for key, _ in selector.select():
                if key.fileobj is sys.stdin:
                    if os.read(sys.stdin.fileno(), 4096) == b"":
                        return 0
                    continue
                connection, _ = listener.accept()
                with connection:
                    port, log_file = connection.makefile("r").readline().split(" ", 1)
                    pid = os.fork()
                    if pid == 0:
                        connection.close()
                        listener.close()
                        serve(int(port), log_file.strip())
                    servers.add(pid)
                    connection.sendall(f"{pid}\n".encode())
    finally:
        for pid in servers:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        listener.close()
        os.unlink(path)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1]))
