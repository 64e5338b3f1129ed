"""Notebook widgets for trading with a vnfin client: :class:`OrderForm` (a checked order
ticket with preview, the 2FA step and place) and :class:`OrderBook` (today's orders, with
amend and cancel).

>>> from vnfin.sandbox import Sandbox
>>> from vnfin.widgets import OrderBook, OrderForm
>>> fh = Sandbox().finhay()
>>> form = OrderForm(fh, "VNM")     # the last expression of a cell shows it
>>> book = OrderBook(fh)
>>> form.on_placed(lambda order: book.refresh())

ipywidgets is imported when the first widget is built, not by ``import vnfin`` nor by this
module. The widgets speak to the client through its blocking methods, which work inside a
running kernel (they run on vnfin's own event-loop thread).

Modules: ``order_form`` and ``order_book`` (the two panels), ``otp`` (the inline 2FA step),
``ticket`` (the pure arithmetic and HTML of the form), ``_kit`` (what the panels share).
"""

from .order_book import OrderBook
from .order_form import OrderForm

__all__ = ["OrderBook", "OrderForm"]
