"""Shared pieces of tools/crash-loop and tools/soak: run the real subledgerd,
drive it with signed Stripe-shaped webhooks over keep-alive HTTP, and run the
subledger CLI. Loopback only; every wait is bounded."""
import hashlib
import hmac
import http.client
import json
import os
import random
import signal
import subprocess
import threading
import time

SECRET = "whsec_reliability_0123456789abcdefghijklmn"


def find_binaries(build_dir):
    daemon = os.path.join(build_dir, "subledgerd")
    cli = os.path.join(build_dir, "subledger")
    for b in (daemon, cli):
        if not os.access(b, os.X_OK):
            raise SystemExit(f"{b} not found: build it first, e.g. "
                             f"cmake -S . -B {build_dir} -G Ninja && ninja -C {build_dir} subledgerd subledger")
    return daemon, cli


def sign(body, t=None, secret=SECRET):
    t = int(time.time()) if t is None else t
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


class EventMaker:
    """Stripe-shaped events over a small pool of subscriptions and customers, with
    shuffled `created` times (reordering), several statuses, prices, quantities,
    intervals and coupons, plus payment_intent events: the projections get real work."""

    STATUSES = ["active", "active", "active", "past_due", "trialing", "canceled", "unpaid", "incomplete"]
    TYPES = ["customer.subscription.created", "customer.subscription.updated",
             "customer.subscription.updated", "customer.subscription.deleted"]

    def __init__(self, seed, prefix, subscriptions=60):
        self.rng = random.Random(seed)
        self.prefix = prefix
        self.subscriptions = subscriptions
        self.counter = 0
        self.lock = threading.Lock()
        self.base = 1_700_000_000

    def next(self):
        with self.lock:
            self.counter += 1
            n = self.counter
            r = random.Random(self.rng.random())
        eid = f"evt_{self.prefix}_{n}"
        created = self.base + n * 37 + r.randint(-5000, 5000)  # out of order on purpose
        if r.random() < 0.15:
            obj = {"id": f"pi_{self.prefix}_{n}", "object": "payment_intent",
                   "amount_received": r.randint(100, 100000),
                   "currency": r.choice(["usd", "eur"]), "status": "succeeded"}
            typ = r.choice(["payment_intent.succeeded", "payment_intent.payment_failed"])
        else:
            s = r.randrange(self.subscriptions)
            interval = r.choice(["month", "month", "year", "week", "day"])
            obj = {"id": f"sub_{self.prefix}_{s}", "object": "subscription",
                   "customer": f"cus_{self.prefix}_{s % 40}", "currency": "usd" if s % 3 else "eur",
                   "status": r.choice(self.STATUSES), "cancel_at_period_end": r.random() < 0.1,
                   "cancel_at": None, "pause_collection": None, "created": created,
                   "discount": ({"id": f"di_{s}", "coupon": {"duration": r.choice(["forever", "once", "repeating"]),
                                                            "percent_off": r.choice([10, 25, 33.3])}}
                                if r.random() < 0.2 else None),
                   "items": {"object": "list", "data": [
                       {"id": f"si_{s}_{k}", "object": "subscription_item", "quantity": r.randint(1, 5),
                        "price": {"id": f"price_{k}", "object": "price", "currency": "usd",
                                  "unit_amount": r.choice([900, 1999, 2900, 4999, 12000]),
                                  "recurring": {"interval": interval, "interval_count": r.choice([1, 1, 3]),
                                                "usage_type": "licensed"}}}
                       for k in range(r.randint(1, 2))]},
                   "metadata": {"padding": "x" * r.randint(500, 2000)}}
            typ = r.choice(self.TYPES)
        body = json.dumps({"id": eid, "object": "event", "api_version": "2024-06-20", "created": created,
                           "data": {"object": obj}, "livemode": False, "pending_webhooks": 1,
                           "request": {"id": None, "idempotency_key": None}, "type": typ},
                          separators=(",", ":")).encode()
        return eid, body


class Daemon:
    def __init__(self, binary, data_dir, log_path, extra=()):
        self.binary, self.data_dir, self.log_path, self.extra = binary, data_dir, log_path, list(extra)
        self.proc = None
        self.public_port = 0
        self.admin_port = 0

    def start(self, timeout=60):
        port_file = self.data_dir + ".port.json"
        if os.path.exists(port_file):
            os.unlink(port_file)
        env = dict(os.environ, STRIPE_WEBHOOK_SECRET=SECRET)
        args = [self.binary, "--data-dir", self.data_dir,
                "--listen", f"127.0.0.1:{self.public_port}", "--admin-listen", f"127.0.0.1:{self.admin_port}",
                "--port-file", port_file, "--quiet"] + self.extra
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(args, env=env, stdout=log, stderr=log)
        log.close()
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"subledgerd exited with {self.proc.returncode}; see {self.log_path}")
            try:
                with open(port_file) as f:
                    ports = json.load(f)
                self.public_port, self.admin_port = ports["public"], ports["admin"]
                if self.get("/healthz", admin=False)[0] == 200:
                    return
            except (OSError, ValueError, KeyError):
                pass
            time.sleep(0.05)
        raise RuntimeError(f"subledgerd did not become healthy in {timeout}s; see {self.log_path}")

    def get(self, path, admin=True, timeout=5):
        c = http.client.HTTPConnection("127.0.0.1", self.admin_port if admin else self.public_port, timeout=timeout)
        try:
            c.request("GET", path)
            r = c.getresponse()
            return r.status, r.read()
        except OSError:
            return 0, b""
        finally:
            c.close()

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        if self.proc:
            self.proc.wait(timeout=30)

    def terminate(self, timeout=60):
        if not self.proc or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return -1


class Loader:
    """`threads` keep-alive clients posting events (fresh ones, and with probability
    `redeliver` an id already acknowledged, which must come back as a duplicate),
    optionally paced to `rate` events/s overall. Records what got a 200."""

    def __init__(self, daemon, maker, threads=8, rate=None, redeliver=0.05, max_fresh=None):
        self.daemon, self.maker, self.threads, self.rate, self.redeliver = daemon, maker, threads, rate, redeliver
        self.max_fresh = max_fresh  # after this many fresh acks, only redeliveries (no data growth)
        self.acked = {}            # id -> body (fresh 200s)
        self.duplicate_acks = 0    # 200 {"duplicate":true}
        self.bad_duplicates = 0    # a redelivered acked id that was not answered as a duplicate
        self.errors = 0            # non-200 answers and transport errors
        self.latencies = []        # seconds, of 200s
        self.lock = threading.Lock()
        self.stop_flag = threading.Event()
        self.workers = []

    def start(self):
        self.stop_flag.clear()
        self.workers = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(self.threads)]
        for w in self.workers:
            w.start()

    def stop(self):
        self.stop_flag.set()
        for w in self.workers:
            w.join(timeout=30)

    def take_latencies(self):
        with self.lock:
            out, self.latencies = self.latencies, []
        return out

    def _run(self, index):
        rng = random.Random(index)
        conn = None
        interval = self.threads / self.rate if self.rate else 0
        next_at = time.monotonic()
        while not self.stop_flag.is_set():
            if interval:
                now = time.monotonic()
                if now < next_at:
                    time.sleep(min(next_at - now, 0.1))
                    continue
                next_at += interval
            redelivery = False
            with self.lock:
                only_redeliver = self.max_fresh is not None and len(self.acked) >= self.max_fresh
                if self.acked and (only_redeliver or rng.random() < self.redeliver):
                    eid = rng.choice(list(self.acked.keys())[-1000:])
                    body = self.acked[eid]
                    redelivery = True
            if not redelivery:
                eid, body = self.maker.next()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.daemon.public_port, timeout=10)
                t0 = time.monotonic()
                conn.request("POST", "/webhooks/stripe", body,
                             {"Content-Type": "application/json", "Stripe-Signature": sign(body)})
                r = conn.getresponse()
                answer = r.read()
                took = time.monotonic() - t0
            except (OSError, http.client.HTTPException):
                with self.lock:
                    self.errors += 1
                if conn:
                    conn.close()
                conn = None
                time.sleep(0.01)
                continue
            with self.lock:
                if r.status == 200:
                    self.latencies.append(took)
                    duplicate = b'"duplicate":true' in answer
                    if duplicate:
                        self.duplicate_acks += 1
                    elif redelivery:
                        self.bad_duplicates += 1
                    else:
                        self.acked[eid] = body
                else:
                    self.errors += 1


def run_cli(cli, *args, timeout=300):
    p = subprocess.run([cli, *args], capture_output=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(p / 100.0 * len(s)))]
