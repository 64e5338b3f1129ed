"""Pure parsers for DNSE LightSpeed's answers: JSON → DataFrame or broker-neutral objects, no
I/O. :mod:`.trading` reads accounts, orders, deals and conditional orders; :mod:`.market` the
chart endpoint's bars."""
