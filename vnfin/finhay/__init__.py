"""Finhay Securities Open API: signer, envelope, endpoint groups and the two client faces."""

from .client import AsyncFinhay, Finhay

__all__ = ["AsyncFinhay", "Finhay"]
