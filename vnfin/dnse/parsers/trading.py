"""Pure parsers for LightSpeed's account, order and deal answers (reference §4.3–§4.6): JSON →
DataFrame, or → the broker-neutral :class:`~vnfin.orders.Order`. No I/O.

Statuses map onto :class:`~vnfin.orders.OrderStatus` by :data:`vnfin.dnse.vocab.STATUS`
(``raw_status`` keeps DNSE's word); sides ``NB``/``NS`` onto :class:`~vnfin.orders.Side`.
Fields the API sends that a table does not declare are kept, snake_cased.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..._parse import Fields, as_float, mapping, shape_error, table, times
from ...orders import Order, OrderStatus, Side, orders_frame
from .. import vocab
from ..envelope import meaning

ACCOUNT_FIELDS: Fields = {
    "id": ("account", "str"),
    "custodyCode": ("custody_code", "str"),
    "investorId": ("investor_id", "str"),
    "accountTypeName": ("account_type_name", "str"),
    "derivativeAccount": ("derivative_account", "object"),
}

ME_FIELDS: Fields = {
    "investorId": ("investor_id", "str"),
    "name": ("name", "str"),
    "custodyCode": ("custody_code", "str"),
    "mobile": ("mobile", "str"),
    "email": ("email", "str"),
}

BALANCE_FIELDS: Fields = {
    "investorAccountId": ("account", "str"),
    "custodyCode": ("custody_code", "str"),
    "totalCash": ("total_cash", "float"),
    "availableCash": ("available_cash", "float"),
    "withdrawableCash": ("withdrawable_cash", "float"),
    "totalDebt": ("total_debt", "float"),
    "marginDebt": ("margin_debt", "float"),
    "stockValue": ("stock_value", "float"),
    "netAssetValue": ("net_asset_value", "float"),
    "receivingAmount": ("receiving_amount", "float"),
    "secureAmount": ("secure_amount", "float"),
    "depositFeeAmount": ("deposit_fee_amount", "float"),
    "depositInterest": ("deposit_interest", "float"),
    "cashDividendReceiving": ("cash_dividend_receiving", "float"),
}

PACKAGE_FIELDS: Fields = {
    "id": ("loan_package_id", "int"),
    "name": ("name", "str"),
    "type": ("type", "str"),
    "initialRate": ("initial_rate", "float"),
    "maintenanceRate": ("maintenance_rate", "float"),
    "liquidRate": ("liquid_rate", "float"),
    "interestRate": ("interest_rate", "float"),
    "preferentialPeriod": ("preferential_period", "int"),
    "preferentialInterestRate": ("preferential_interest_rate", "float"),
    "term": ("term", "int"),
    "brokerFirmBuyingFeeRate": ("buying_fee_rate", "float"),
    "brokerFirmSellingFeeRate": ("selling_fee_rate", "float"),
    "transferFee": ("transfer_fee", "float"),
    "symbols": ("symbols", "object"),
}

PPSE_FIELDS: Fields = {
    "investorAccountId": ("account", "str"),
    "ppse": ("ppse", "float"),
    "price": ("price", "float"),
    "qmax": ("qmax", "int"),
    "tradeQuantity": ("trade_quantity", "int"),
}

ORDER_EXTRAS: Fields = {
    "loanPackageId": ("loan_package_id", "str"),
    "error": ("error", "str"),
    "transDate": ("trade_date", "date"),
    "modifiedDate": ("modified_at", "datetime"),
    "leaveQuantity": ("leave_quantity", "int"),
    "canceledQuantity": ("cancelled_quantity", "int"),
    "lastQuantity": ("last_quantity", "int"),
    "lastPrice": ("last_price", "float"),
    "feeRate": ("fee_rate", "float"),
    "taxRate": ("tax_rate", "float"),
    "priceSecure": ("price_secure", "float"),
    "initialRate": ("initial_rate", "float"),
    "channel": ("channel", "str"),
    "investorId": ("investor_id", "str"),
}

DEAL_FIELDS: Fields = {
    "id": ("deal_id", "str"),
    "accountNo": ("account", "str"),
    "symbol": ("symbol", "str"),
    "status": ("status", "str"),
    "side": ("side", "str"),
    "loanPackageId": ("loan_package_id", "str"),
    "openQuantity": ("open_quantity", "int"),
    "accumulateQuantity": ("accumulate_quantity", "int"),
    "closedQuantity": ("closed_quantity", "int"),
    "costPrice": ("cost_price", "float"),
    "averageCostPrice": ("average_cost_price", "float"),
    "marketPrice": ("market_price", "float"),
    "breakEvenPrice": ("break_even_price", "float"),
    "realizedProfit": ("realized_pnl", "float"),
    "unrealizedProfit": ("unrealized_pnl", "float"),
    "t0ReceivingQuantity": ("receiving_t0", "int"),
    "t1ReceivingQuantity": ("receiving_t1", "int"),
    "t2ReceivingQuantity": ("receiving_t2", "int"),
    "createdDate": ("created_at", "datetime"),
    "modifiedDate": ("modified_at", "datetime"),
}

DERIVATIVE_DEAL_FIELDS: Fields = {
    **{k: v for k, v in DEAL_FIELDS.items() if not k.startswith("t")},
    "overNightQuantity": ("overnight_quantity", "int"),
    "costPriceVM": ("cost_price_vm", "float"),
    "totalRealizedProfit": ("realized_pnl", "float"),
    "totalUnrealizedProfit": ("unrealized_pnl", "float"),
}

CONDITIONAL_FIELDS: Fields = {
    "id": ("order_id", "str"),
    "accountNo": ("account", "str"),
    "symbol": ("symbol", "str"),
    "status": ("status", "str"),
    "condition": ("condition", "str"),
    "category": ("category", "str"),
    "targetOrder_side": ("side", "str"),
    "targetOrder_quantity": ("quantity", "int"),
    "targetOrder_price": ("price", "float"),
    "targetOrder_orderType": ("order_type", "str"),
    "targetOrder_loanPackageId": ("loan_package_id", "str"),
    "props_stopPrice": ("stop_price", "float"),
    "props_marketId": ("market", "str"),
    "timeInForce_expireTime": ("expires_at", "datetime"),
    "metadata_errorMessage": ("error_message", "str"),
    "metadata_externalOrderId": ("external_order_id", "str"),
    "createdAt": ("created_at", "datetime"),
    "updatedAt": ("updated_at", "datetime"),
}


SKIP = ("sandbox",)


def rows_in(payload: Any, key: str, endpoint: str) -> list[Mapping[str, Any]]:
    """The list of objects under ``key`` (``orders``, ``deals``, ``data`` …); none → []."""
    found = mapping(payload, endpoint).get(key)
    if found is None:
        return []
    if not isinstance(found, list) or not all(isinstance(r, Mapping) for r in found):
        raise shape_error(endpoint, f"{key} is not a list of objects")
    return found


def one(payload: Any, fields: Fields, endpoint: str) -> pd.DataFrame:
    """One object → a one-row frame (declared columns first, the rest snake_cased; the
    sandbox's ``sandbox`` notice is left out: ``df.attrs["simulated"]`` says it)."""
    return table([mapping(payload, endpoint)], fields, skip=SKIP)


def accounts(payload: Any) -> pd.DataFrame:
    """``{accounts: [...]}`` → one row per sub-account: ``account custody_code investor_id
    account_type_name derivative_account …``."""
    frame = table(rows_in(payload, "accounts", "accounts"), ACCOUNT_FIELDS)
    frame["derivative_account"] = pd.Series(
        [bool(v) for v in frame["derivative_account"]], dtype=bool
    )
    return frame


def packages(payload: Any) -> pd.DataFrame:
    """``{loanPackages: [...]}`` → one row per loan package (rates as fractions, as sent)."""
    return table(rows_in(payload, "loanPackages", "loan-packages"), PACKAGE_FIELDS)


def ppse(payload: Any) -> pd.DataFrame:
    """A ppse answer → one row: ``account ppse price qmax trade_quantity``."""
    return one(payload, PPSE_FIELDS, "ppse")


def limit(payload: Any, key: str) -> int | None:
    """``qmax`` or ``tradeQuantity`` of a ppse answer; None when absent."""
    value = as_float(mapping(payload, "ppse").get(key))
    return None if np.isnan(value) else int(value)


def _int(value: Any) -> int:
    number = as_float(value)
    return 0 if np.isnan(number) else round(number)


def _price(value: Any) -> float | None:
    number = as_float(value)
    return None if np.isnan(number) or number == 0 else number


def status_of(raw: Any, quantity: int, filled: int) -> OrderStatus:
    """DNSE's ``orderStatus`` → :class:`OrderStatus`; an open order with fills is partially
    filled (or filled); unknown words → UNKNOWN."""
    status = vocab.STATUS.get(str(raw or "").strip().lower(), OrderStatus.UNKNOWN)
    if status.is_open and filled > 0:
        whole = quantity and filled >= quantity
        return OrderStatus.FILLED if whole else OrderStatus.PARTIALLY_FILLED
    return status


def order(row: Mapping[str, Any], account: str | None = None, **noted: Any) -> Order:
    """One order object (§4.4) → :class:`Order`; ``noted`` is added to its ``raw`` under
    ``"vnfin"`` (which loan package vnfin chose, for instance)."""
    quantity, filled = _int(row.get("quantity")), _int(row.get("fillQuantity"))
    raw_status = str(row.get("orderStatus") or "")
    side = {"NB": Side.BUY, "NS": Side.SELL}.get(str(row.get("side") or "").strip().upper())
    created = times([row.get("createdDate")])[0]
    oid = row.get("id")
    raw = dict(row) | ({"vnfin": dict(noted)} if noted else {})
    return Order(
        order_id="" if oid is None else str(oid),
        status=status_of(raw_status, quantity, filled),
        raw_status=raw_status,
        symbol=str(row.get("symbol") or ""),
        side=side,
        quantity=quantity,
        price=_price(row.get("price")),
        order_type=str(row.get("orderType") or ""),
        filled_quantity=filled,
        average_price=_price(row.get("averagePrice")),
        account=str(row.get("accountNo") or account or "") or None,
        created_at=None if pd.isna(created) else created,
        source="dnse",
        raw=raw,
    )


def orders(payload: Any, account: str | None = None, endpoint: str = "orders") -> list[Order]:
    """``{orders: [...]}`` → orders."""
    return [order(r, account) for r in rows_in(payload, "orders", endpoint)]


def one_order(payload: Any, account: str | None = None, endpoint: str = "order") -> Order:
    """A single order object → :class:`Order`."""
    return order(mapping(payload, endpoint), account)


def orders_table(found: Sequence[Order]) -> pd.DataFrame:
    """Orders as a frame: :data:`vnfin.orders.ORDER_COLUMNS`, then ``loan_package_id error
    reject_reason trade_date modified_at leave_quantity cancelled_quantity last_quantity
    last_price fee_rate tax_rate price_secure initial_rate channel investor_id``."""
    frame = orders_frame(found)
    extras = table([o.raw for o in found], ORDER_EXTRAS, keep_extra=False)
    reasons = [meaning(e) if isinstance(e, str) else None for e in extras["error"]]
    extras.insert(2, "reject_reason", pd.Series(reasons, dtype=object))
    for name in extras.columns:
        frame[name] = extras[name].to_numpy()
    return frame


def deals(payload: Any, *, derivative: bool = False) -> pd.DataFrame:
    """``{deals: [...]}`` (stock) or ``{data: [...]}`` (derivative) → one row per deal:
    ``deal_id account symbol status side loan_package_id open_quantity …
    cost_price market_price realized_pnl unrealized_pnl …``. A stock deal's
    ``open_quantity``, when DNSE does not send it, is accumulated less closed."""
    key = "data" if derivative else "deals"
    rows = rows_in(payload, key, "deals")
    frame = table(rows, DERIVATIVE_DEAL_FIELDS if derivative else DEAL_FIELDS)
    if "accumulate_quantity" in frame and frame["open_quantity"].isna().all() and len(frame):
        bought = frame["accumulate_quantity"].fillna(0)
        frame["open_quantity"] = (bought - frame["closed_quantity"].fillna(0)).astype("Int64")
    return frame


def _flat(row: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, Mapping):
            for inner, item in value.items():
                out[f"{key}_{inner}"] = item
        else:
            out[key] = value
    return out


def conditional(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Conditional orders (§4.6) → one row each: ``order_id account symbol status condition
    category side quantity price order_type loan_package_id stop_price market expires_at
    error_message external_order_id created_at updated_at`` (nested fields flattened, the
    rest kept; ``external_order_id`` is the order it placed when it fired)."""
    return table([_flat(r) for r in rows], CONDITIONAL_FIELDS, skip=SKIP)


def conditional_page(payload: Any) -> tuple[list[Mapping[str, Any]], int, int]:
    """A page of conditional orders: its rows, its ``page`` and ``totalPages``."""
    body = mapping(payload, "conditional orders")
    rows = rows_in(body, "content", "conditional orders")
    page, pages = as_float(body.get("page")), as_float(body.get("totalPages"))
    return rows, 0 if np.isnan(page) else int(page), 1 if np.isnan(pages) else int(pages)
