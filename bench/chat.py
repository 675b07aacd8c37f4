"""Chat benchmark: the discussions against a minimal `websockets` broadcast server.

    .venv/bin/python bench/chat.py            # 500 clients, 20 msg/s, 30 s
    .venv/bin/python bench/chat.py --clients 50 --duration 5 --idle 200   # a quick look

What it does, in one run:
1. starts a private redis-server (its own port, no persistence) and prepares a
   PostgreSQL database (DATABASE_URL, default .../terreau_bench: created and
   migrated if needed) with one community, one channel and the members;
2. starts 2 ASGI server processes serving terreau.asgi as production does
   (uvicorn with uvloop, httptools and websockets: tests/discussions/servers.py;
   ASGI_SERVER=daphne for comparison; settings in bench/chat_settings.py);
   connects N WebSocket clients spread over both, on the same channel; one
   more client (the sender) posts R messages a second for D seconds through
   the socket, like the JS client. Each message is stored, then broadcast;
3. does the same against 2 processes of bench/chat_baseline.py (websockets +
   Redis pub/sub, no database), then against 2 processes of bench/chat_bare.py,
   a bare Channels consumer (the tutorial's chat on the same layer and uvicorn
   options: issue 14's yardstick for CPU per delivery and idle memory);
4. opens I idle sockets on a fresh server process, a fresh baseline process
   and a fresh bare-consumer process and reports the resident memory each
   idle connection costs.

Latency is measured from the moment the sender writes its frame to the
moment a client reads the message (all clients live in this process, on
uvloop, so they share one clock and the client is not the bottleneck). Both
servers face the identical client. Losses are counted honestly: every
message the server acknowledged as stored ("posted" with its id) must reach
every listening client within the run plus a 10-second drain; each missing
(message, client) pair is one lost delivery. A post never acknowledged is
counted apart (`not_acknowledged`), and `stored` is read back from the
database.

Prints one JSON line. Targets on a 2-core machine: p99 < 100 ms, 0 lost,
throughput at least 0.3 of the baseline's.
"""

import argparse
import json
import os
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(BENCH)]


from tests.discussions.servers import AsgiServer  # noqa: E402
from tests.processes import RedisServer  # noqa: E402
from chat_clients import (  # noqa: E402
    conversation,
    idle_memory,
)
from chat_processes import (  # noqa: E402
    prepare_database,
    run,
    measured,
    BaselineServer,
    BareConsumerServer,
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--rate", type=float, default=20.0, help="messages per second")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of sending")
    parser.add_argument("--idle", type=int, default=2000, help="idle sockets for the memory figure")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/terreau_bench"),
    )
    return parser.parse_args()


def main():
    args = parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    members = max(args.clients + 1, 2)
    redis_server = RedisServer().start()
    started = []
    try:
        channel_id, cookies = prepare_database(args.database_url, redis_server.url, members)
        path = f"/ws/channels/{channel_id}/"

        def start_server():
            server = AsgiServer(
                database_url=args.database_url, redis_url=redis_server.url,
                settings="chat_settings", pythonpath=(BENCH,),
                log=open(f"/tmp/chat-bench-server-{len(started)}.log", "w"),  # noqa: SIM115
            )
            started.append(server)
            return server.start()

        # 1. The discussions.
        servers = [start_server() for _ in range(args.processes)]
        listeners = [servers[n % len(servers)] for n in range(args.clients)]
        ours = measured(
            conversation(
                [s.ws_url + path for s in listeners], [f"http://127.0.0.1:{s.port}" for s in listeners],
                cookies[1 : args.clients + 1], servers[0].ws_url + path, cookies[0],
                f"http://127.0.0.1:{servers[0].port}", args.rate, args.duration,
                [s.process.pid for s in servers],
            ),
            [s.process.pid for s in servers],
        )
        from discussions.models import Message

        ours["stored"] = Message.objects.filter(channel_id=channel_id).count()
        for server in servers:
            server.stop()

        # 2. The baseline, same topology: N processes sharing Redis; then 2b,
        # the yardstick: a bare Channels consumer, same layer, same server.
        def plain_conversation(server_class):
            """A conversation with servers that store nothing and acknowledge nothing."""
            plain = [server_class(redis_server.url).start() for _ in range(args.processes)]
            started.extend(plain)
            listeners = [plain[n % len(plain)] for n in range(args.clients)]
            pids = [b.process.pid for b in plain]
            result = measured(
                conversation(
                    [b.ws_url + "/" for b in listeners], [None] * args.clients,
                    ["x=1"] * args.clients, plain[0].ws_url + "/", "x=1", None, args.rate,
                    args.duration, pids, acknowledges=False,
                ),
                pids,
            )
            for server in plain:
                server.stop()
            return result

        base = plain_conversation(BaselineServer)
        bare = plain_conversation(BareConsumerServer)

        # 3. Memory per idle connection, each on a fresh process.
        fresh = start_server()
        memory = run(
            idle_memory(fresh.ws_url + path, f"http://127.0.0.1:{fresh.port}", cookies, args.idle, fresh.rss_kb)
        )
        fresh.stop()
        fresh_baseline = BaselineServer(redis_server.url).start()
        started.append(fresh_baseline)
        base_memory = run(
            idle_memory(fresh_baseline.ws_url + "/", None, ["x=1"], args.idle, fresh_baseline.rss_kb)
        )
        fresh_baseline.stop()
        fresh_bare = BareConsumerServer(redis_server.url).start()
        started.append(fresh_bare)
        bare_memory = run(idle_memory(fresh_bare.ws_url + "/", None, ["x=1"], args.idle, fresh_bare.rss_kb))
        fresh_bare.stop()
    finally:
        for server in started:
            try:
                server.stop()
            except Exception:  # noqa: BLE001
                pass
        redis_server.stop()

    throughput_ratio = round(ours["deliveries_per_s"] / base["deliveries_per_s"], 3)
    cpu_ratio = round(ours["server_cpu_us_per_delivery"] / bare["server_cpu_us_per_delivery"], 2)
    memory_ratio = round(memory / bare_memory, 2)
    p99_ratio = round(ours["p99_ms"] / base["p99_ms"], 2) if ours["p99_ms"] and base["p99_ms"] else None
    print(
        json.dumps(
            {
                "bench": "chat",
                "server": os.environ.get("ASGI_SERVER") or "uvicorn",
                "clients": args.clients,
                "processes": args.processes,
                "rate_per_s": args.rate,
                "duration_s": args.duration,
                "terreau": ours,
                "baseline": base,
                "bare_consumer": bare,
                "cpu_per_delivery_ratio_to_bare_consumer": cpu_ratio,
                "throughput_ratio": throughput_ratio,
                "p99_ratio": p99_ratio,
                "idle_sockets": args.idle,
                "memory_per_idle_connection_kb": memory,
                "baseline_memory_per_idle_connection_kb": base_memory,
                "bare_consumer_memory_per_idle_connection_kb": bare_memory,
                "memory_ratio_to_bare_consumer": memory_ratio,
                "targets_met": {
                    "p99_under_100_ms": bool(ours["p99_ms"] is not None and ours["p99_ms"] < 100),
                    # Every post stored and every stored post delivered everywhere.
                    "zero_lost": ours["lost"] == 0 and ours["not_acknowledged"] == 0,
                    "throughput_ratio_at_least_0_3": throughput_ratio >= 0.3,
                    "cpu_per_delivery_within_2x_bare_consumer": cpu_ratio <= 2,
                    "idle_memory_within_2x_bare_consumer": memory_ratio <= 2,
                },
            }
        )
    )


if __name__ == "__main__":
    main()
