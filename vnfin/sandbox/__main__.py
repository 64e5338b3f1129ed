"""``python -m vnfin.sandbox --port 8700``: serve the simulated brokers in the foreground."""

from __future__ import annotations

import argparse
import sys
import threading

from . import Sandbox


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vnfin.sandbox", description=__doc__)
    parser.add_argument("--port", type=int, default=8700, help="port on 127.0.0.1 (0: any)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the simulated market")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added per request")
    args = parser.parse_args(argv)
    sandbox = Sandbox(seed=args.seed, latency=args.latency)
    url = sandbox.serve(args.port)
    # These are throwaway credentials of this sandbox process: printing them is the point.
    sys.stdout.write(
        "vnfin sandbox: SIMULATED Finhay Open API (not real market data)\n"
        f"FINHAY_BASE_URL={url}\n"
        f"FINHAY_API_KEY={sandbox.api_key}\n"
        f"FINHAY_API_SECRET={sandbox.api_secret}\n"
        f"OTP code for the 2FA flow: {sandbox.otp_code}\n"
        "Ctrl-C to stop.\n"
    )
    sys.stdout.flush()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
