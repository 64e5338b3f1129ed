"""``python -m vnfin.sandbox --port 8700``: serve the simulated brokers in the foreground.

It prints the throwaway credentials as environment-variable lines (``FINHAY_*``, then
``SSI_*``: trading and data URLs, consumer ID and secret, the private key in SSI's XML
format, the stock and derivative accounts, the data key, the two-factor type) and the Finhay
OTP, SSI PIN and SSI OTP, then ``DNSE_*`` (base URL, username, password, stock account) and
DNSE's smart OTP and e-mail OTP, so ``vnfin.Finhay()``, ``vnfin.SSI()`` and ``vnfin.DNSE()``
work from the environment. ``--ssi-two-factor-type 1`` switches the SSI account from PIN to
OTP."""

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
    parser.add_argument(
        "--rate-limit", type=int, default=600, help="requests each quota allows per window"
    )
    parser.add_argument(
        "--rate-window", type=float, default=60.0, help="seconds of the quota's sliding window"
    )
    parser.add_argument(
        "--ssi-two-factor-type",
        type=int,
        choices=(0, 1),
        default=0,
        help="the SSI account's second factor: 0 PIN, 1 OTP",
    )
    parser.add_argument(
        "--reference",
        help="folder of tickers.csv, holidays.csv and indices.csv (default: vnfin's data/)",
    )
    args = parser.parse_args(argv)
    sandbox = Sandbox(
        seed=args.seed,
        latency=args.latency,
        rate_limit=(args.rate_limit, args.rate_window),
        reference=args.reference,
    )
    sandbox.ssi_app.two_factor_type = args.ssi_two_factor_type
    url = sandbox.serve(args.port)
    # These are throwaway credentials of this sandbox process: printing them is the point.
    sys.stdout.write(
        "vnfin sandbox: SIMULATED Finhay Open API, SSI FastConnect and DNSE LightSpeed "
        "(not real market data)\n"
        f"FINHAY_BASE_URL={url}\n"
        f"FINHAY_API_KEY={sandbox.api_key}\n"
        f"FINHAY_API_SECRET={sandbox.api_secret}\n"
        f"OTP code for the 2FA flow: {sandbox.otp_code}\n"
        "SSI FastConnect, trading and data on the same server:\n"
        f"SSI_TRADING_URL={url}\n"
        f"SSI_DATA_URL={url}\n"
        f"SSI_CONSUMER_ID={sandbox.ssi_consumer_id}\n"
        f"SSI_CONSUMER_SECRET={sandbox.ssi_consumer_secret}\n"
        f"SSI_PRIVATE_KEY={sandbox.ssi_private_key}\n"
        f"SSI_ACCOUNT={sandbox.ssi_account}\n"
        f"SSI_DERIVATIVE_ACCOUNT={sandbox.ssi_derivative_account}\n"
        f"SSI_DATA_CONSUMER_ID={sandbox.ssi_data_consumer_id}\n"
        f"SSI_DATA_CONSUMER_SECRET={sandbox.ssi_data_consumer_secret}\n"
        f"SSI_TWO_FACTOR_TYPE={args.ssi_two_factor_type}\n"
        f"SSI PIN (two-factor type 0): {sandbox.ssi_pin}\n"
        f"SSI OTP (two-factor type 1, --ssi-two-factor-type 1): {sandbox.ssi_otp_code}\n"
        "DNSE LightSpeed, both path layouts on the same server:\n"
        f"DNSE_BASE_URL={url}\n"
        f"DNSE_USERNAME={sandbox.dnse_username}\n"
        f"DNSE_PASSWORD={sandbox.dnse_password}\n"
        f"DNSE_ACCOUNT={sandbox.dnse_account}\n"
        f"DNSE smart OTP (any time): {sandbox.dnse_smart_otp}\n"
        f"DNSE e-mail OTP (2 minutes after requesting one, once): {sandbox.otp_code}\n"
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
