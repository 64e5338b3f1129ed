"""The public datasets of the simulated world, shaped as Finhay's JSON (reference §2.3–§2.8).

One module per dataset group: :mod:`.fundamentals`, :mod:`.news`, :mod:`.macro`,
:mod:`.commodities`, :mod:`.funds`. A view takes world data and returns the documented
payload (field names, units, formats); it raises :class:`..envelope.Refusal` for a request
that names something the world does not have.
"""
