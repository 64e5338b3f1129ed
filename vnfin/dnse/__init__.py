"""DNSE LightSpeed (Entrade X): login JWT and OTP trading token, accounts, orders, deals,
conditional orders, and prices from the (unofficial) chart endpoint; the two client faces."""

from .client import DNSE, AsyncDNSE

__all__ = ["DNSE", "AsyncDNSE"]
