"""Finhay's account endpoints over the simulated accounts (reference §2.1, §2.9, §2.10,
§2.13's available-trade): the payloads, with Finhay's field names, under the key §1.9 gives.

* ``/users/v1/users/{userId}/sub-accounts`` (``result``) — the sub-accounts, in listing order;
* ``/users/v3/users/{userId}/assets/summary`` (``data``) — net worth across sub-accounts:
  ``products.stock`` the holdings at current prices, ``money`` cash (``ci_balance``), sale
  proceeds not yet settled (``receiving_amt``), dividends due (``ca_receiving``), withdrawable
  cash (``baldefovd``: settled cash less what working buys hold); ``pnl.stock`` the
  unrealised P&L; no funds, bonds, savings or debt (the sandbox lends nothing);
* ``/trading/accounts/{subAccountId}/summary`` (``result``) — ``balance`` is the buying
  power, ``secure_amt``/``hold_balance`` what working buys hold, ``receiving_t1..t3`` sale
  proceeds settling in 1–3 trading days, ``securities_amt`` the holdings' value;
  ``mrcr_limit`` the margin sub-account's credit line; ``baldefovd`` a string, as the schema
  has it; the debt and margin-call fields are 0;
* ``/trading/v2/sub-accounts/{subAccountId}/portfolio`` (``data``) — a record per holding:
  ``total`` = ``available`` + ``blocked`` (held by working sales) + ``receiving_t0..t2``
  (bought, settling in 0–2 trading days); ``sending_t0..t2`` shares sold, being delivered;
  ``receiving_right`` shares due from a stock dividend; ``is_snapshot`` true outside 09:00–15:00
  of a trading day;
* ``/trading/pnl-today/{userId}`` (``data``) — today's P&L of one sub-account or ``ALL``;
* ``/trading/v5/account/{subAccountId}/user-rights`` (``result``) — :mod:`..world.rights` as
  ``UserRight`` records, newest ``reportDate`` (the record date) first; ``fromDate``/``toDate``
  filter the record date (default: from a year ago); ``catType``, ``status`` are
  comma-separated lists; ``symbol``; ``isCom`` ``ALL`` or ``Y`` (every simulated event is a
  company event; ``N`` finds none);
* ``/trading/v2/accounts/{subAccountId}/available-trade`` (``result``, with
  ``popup_message`` and ``title`` null) — ``pp0`` the buying power, ``ppse`` it plus sale
  proceeds not yet settled, ``maxqtty`` whole lots a buy at ``quotePrice`` (0: the current
  price) can pay for, fee included, or the sellable shares; ``trade`` the sellable shares.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..replies import Reply, num
from ..world import World
from ..world.accounts import Account, SubAccount
from ..world.clock import add_months, local_now
from ..world.orders import FEE_RATE, LOT
from ..world.rights import Right, rights
from ..world.valuation import (
    cash_receiving,
    dividends_due,
    held_cash,
    holdings,
    pnl_today,
    prices,
)
from .envelope import Refusal, ok
from .params import choice, csv_list, integer, iso_date, required_choice

SECURITIES_TYPE = {"STOCK": "STOCK", "ETF": "ETF", "CW": "WARRANT", "BOND": "BOND"}
CACHE = ("CACHE", "NOCACHE")
ZERO_SUMMARY = (  # debt, margin and fee fields: the sandbox lends nothing and charges no fees
    "td_balance",
    "interest_balance",
    "total_debt_amt",
    "trf_buy_amt",
    "margin_amt",
    "t0_debt_amt",
    "advanced_amt",
    "df_debt_amt",
    "td_debt_amt",
    "cidepo_fee_acr",
    "debt_amt",
    "advance_max_amt_fee",
    "margin_rate",
    "sms_fee_amt",
    "ibroker_fee_amt",
    "cidepo_fee",
    "td_int_amt",
    "add_vnd",
    "add_vnd_1",
    "emk_amt",
)


def sub_account_record(account: Account, sub: SubAccount) -> dict[str, Any]:
    """One ``/users/v1/users/{userId}/sub-accounts`` record (reference §2.1)."""
    return {
        "id": sub.id,
        "cust_id": account.cust_id,
        "name": account.name,
        "depository_number": sub.custody,
        "product_type_name": sub.suffix,
        "sub_account_ext": sub.ext,
        "type": sub.kind,
    }


class AccountViews:
    """The account endpoints; each handler takes the query and the path's ids."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.desk = world.desk

    # -- lookups (404 for ids that are not the account's) -------------------------------------

    def user(self, raw: str) -> Account:
        number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None
        account = None if number is None else self.world.accounts.get(number)
        if account is None:
            raise Refusal("User not found", 404)
        return account

    def sub(self, raw: str) -> SubAccount:
        for account in self.world.accounts.values():
            if raw in account.subs:
                return account.subs[raw]
        raise Refusal("Sub-account not found", 404)

    # -- handlers -------------------------------------------------------------------------------

    def sub_accounts(self, params: dict[str, str], user: str) -> Reply:
        account = self.user(user)
        return ok("result", [sub_account_record(account, s) for s in account.subs.values()])

    def assets_summary(self, params: dict[str, str], user: str) -> Reply:
        account = self.user(user)
        choice(params, "cache-control", CACHE)
        with self.desk.lock:
            now = self.desk.advance()
            today, _ = self.desk.engine.today(now)
            subs = list(account.subs.values())
            held = [h for s in subs for h in holdings(self.desk, s, now)]
            cash = sum(s.cash for s in subs)
            receiving = sum(sum(cash_receiving(s, today).values()) for s in subs)
            dividends = sum(dividends_due(self.desk, s, now) for s in subs)
            free = sum(self.desk.buying_power(s, now) for s in subs)
        stock = round(sum(h.value for h in held))
        cost = sum(h.cost for h in held)
        pnl = sum(h.pnl for h in held)
        money = cash + receiving + dividends
        payload = {
            "net_asset_value": stock + money,
            "products": {
                "total": stock,
                "stock": stock,
                "fund": 0,
                "saving": None,
                "bond": 0,
                **dict.fromkeys(("hay0", "hay0_interest", "hay0_depositing"), 0),
                "hay0_withdrawing": 0,
            },
            "money": {
                "total": money,
                "ci_balance": cash,
                "ca_receiving": dividends,
                "emk_amt": 0,
                "receiving_amt": receiving,
                "baldefovd": free,
            },
            "debt": dict.fromkeys(
                (
                    "total",
                    "secure_amount",
                    "advance_amt",
                    "sms_fee_amt",
                    "cidepo_fee_acr",
                    "owe_deposit",
                ),
                0,
            ),
            "pnl": {
                "stock": {"pnl": pnl, "pnl_rate": round(pnl / cost * 100, 2) if cost else 0.0},
                "fund": {"pnl": 0, "pnl_rate": 0.0},
            },
        }
        return ok("data", payload)

    def summary(self, params: dict[str, str], ref: str) -> Reply:
        sub = self.sub(ref)
        with self.desk.lock:
            now = self.desk.advance()
            today, _ = self.desk.engine.today(now)
            stock = round(sum(h.value for h in holdings(self.desk, sub, now)))
            receiving = cash_receiving(sub, today)
            dividends = dividends_due(self.desk, sub, now)
            power = self.desk.buying_power(sub, now)
            held = held_cash(self.desk, sub, now)
        pending = sum(receiving.values())
        margin = sub.kind == "Margin"
        payload: dict[str, Any] = {
            "balance": power,
            "ci_balance": sub.cash,
            "ca_receiving": dividends,
            **{f"receiving_t{n}": receiving.get(n, 0) for n in (1, 2, 3)},
            "securities_amt": stock,
            "secure_amt": held,
            "net_asset_value": sub.cash + pending + dividends + stock,
            "mrcr_limit": sub.margin_limit,
            "receiving_amt": pending,
            "hold_balance": held,
            "mri_rate": 50 if margin else 0,
            "mrm_rate": 40 if margin else 0,
            "core_bank": "",
            "bankacct_no": "",
            "bank_name": "",
            "baldefovd": str(power),
            "mrcr_limit_max": sub.margin_limit,
        }
        payload.update(dict.fromkeys(ZERO_SUMMARY, 0))
        return ok("result", payload)

    def portfolio(self, params: dict[str, str], ref: str) -> Reply:
        sub = self.sub(ref)
        choice(params, "cache-control", CACHE)
        with self.desk.lock:
            now = self.desk.advance()
            held = holdings(self.desk, sub, now)
        records = []
        for h in held:
            cost_price = round(h.cost_price)
            records.append(
                {
                    "sub_account_id": sub.id,
                    "symbol": h.symbol,
                    "securities_type": SECURITIES_TYPE.get(h.stock_type, "STOCK"),
                    "total": h.total,
                    "available": h.sellable,
                    "blocked": h.blocked,
                    **dict.fromkeys(("mortgage", "vsd_mortgage", "restrict", "withdraw"), 0),
                    "receiving_right": h.rights,
                    **{f"receiving_t{n}": h.receiving.get(n, 0) for n in (0, 1, 2)},
                    "matching_amount": 0,
                    "cost_price": cost_price,
                    "basic_price": num(h.reference),
                    "is_sellable": h.sellable > 0,
                    "custodycd": sub.custody,
                    "pnl_amount": h.pnl,
                    "pnl_rate": h.pnl_rate,
                    "close_price": num(h.price),
                    "cost_price_amount": round(h.cost),
                    "basic_price_amount": round(h.reference * h.total),
                    "total_pnl": h.pnl,
                    **{f"sending_t{n}": h.sending.get(n, 0) for n in (0, 1, 2)},
                    "has_newest_news": False,
                    "trade": h.sellable,
                }
            )
        local = local_now(now)
        minute = local.hour * 60 + local.minute
        live = self.desk.engine.trading_now(now) and 9 * 60 <= minute < 15 * 60
        return ok("data", {"portfolio": records, "is_snapshot": not live})

    def pnl_today(self, params: dict[str, str], user: str) -> Reply:
        account = self.user(user)
        which = params.get("sub-account-id") or "ALL"
        if which != "ALL" and which not in account.subs:
            raise Refusal(f"Invalid sub-account-id: {which[:40]!r}")
        subs = list(account.subs.values()) if which == "ALL" else [account.subs[which]]
        with self.desk.lock:
            now = self.desk.advance()
            parts = [pnl_today(self.desk, s, now) for s in subs]
        pnl = sum(p for p, _ in parts)
        base = sum(b for _, b in parts)
        rate = round(pnl / base * 100, 2) if base else 0.0
        return ok("data", {"sub_account_id": which, "pnl_amount": pnl, "pnl_rate": rate})

    def available_trade(self, params: dict[str, str], ref: str) -> Reply:
        sub = self.sub(ref)
        side = required_choice(params, "orderSide", ("BUY", "SELL"))
        symbol = params.get("symbol", "").upper()
        if symbol not in self.desk.engine.instruments:
            raise Refusal("Invalid symbol")
        quote = integer(params, "quotePrice", lo=0, hi=10**12)
        with self.desk.lock:
            now = self.desk.advance()
            today, _ = self.desk.engine.today(now)
            power = self.desk.buying_power(sub, now)
            sellable = self.desk.sellable(sub, symbol)
            price = quote or prices(self.desk, symbol, now)[1]
            pending = sum(cash_receiving(sub, today).values())
        per_lot = price * LOT * (1 + FEE_RATE)
        most = int(power // per_lot) * LOT if side == "BUY" else sellable
        payload = {
            "pp0": power,
            "ppse": power + pending,
            "maxqtty": most,
            "trade": sellable,
            "balance": sub.cash,
            "cash_pending_send": 0,
            "mortgage": 0,
            "marginrate": 0,
            "mrratioloan": 50.0 if sub.kind == "Margin" else None,
        }
        return ok("result", payload, popup_message=None, title=None)

    def user_rights(self, params: dict[str, str], ref: str) -> Reply:
        sub = self.sub(ref)
        start = iso_date(params, "fromDate")
        end = iso_date(params, "toDate")
        kinds = set(csv_list(params, "catType")) - {"ALL"}
        statuses = set(csv_list(params, "status")) - {"ALL"}
        symbol = (params.get("symbol") or "ALL").upper()
        company = choice(params, "isCom", ("ALL", "Y", "N"), default="ALL")
        with self.desk.lock:
            now = self.desk.advance()
            local = local_now(now)
            start = start or add_months(local.date(), -12)
            found = rights(self.desk.engine, sub, now, start.year - 1)
            records = [
                self._right(sub, r, now, local.date())
                for r in found
                if start <= r.record_date
                and (end is None or r.record_date <= end)
                and symbol in ("ALL", r.symbol)
                and (not kinds or r.type in kinds)
            ]
        records = [r for r in records if not statuses or r["status"] in statuses]
        if company == "N":
            records = []
        records.sort(key=lambda r: (r["reportDate"], r["caMastId"]), reverse=True)
        return ok("result", records)

    def _right(self, sub: SubAccount, r: Right, now: float, today: dt.date) -> dict[str, Any]:
        e = r.event
        done = e.action_date <= today
        window = r.register
        can_register = window is not None and window[0] <= today <= window[1]
        if r.type == "STOCK_RIGHT":
            register = "UNREGISTER" if can_register else ("EXPIRED" if done else "WAIT_REGISTER")
        else:
            register = "RECEIVED" if done else "UNREGISTER"
        reference, price = prices(self.desk, e.symbol, now)
        floor, ceiling = self.desk.band(e.symbol, now)
        account = self.desk.owner(sub)
        inst = self.desk.engine.instruments[e.symbol]
        day = self.desk.engine.today(now)[0]
        volume = int(self.desk.engine.minutes_until(e.symbol, day, now).volume.sum())
        buyable = r.new_shares if r.type == "STOCK_RIGHT" else 0
        return {
            "accountId": sub.id,
            "depositoryNumber": sub.custody,
            "fullName": account.name,
            "ownNumberOfShare": r.shares,
            "ratio": r.ratio,
            "status": "COMPLETED" if done else "WAIT_EXECUTED",
            "userRightRegisterStatus": register,
            "caMastId": str(e.id),
            "amount": r.cash,
            "symbol": e.symbol,
            "toSymbol": None,
            "numberOfWaitingStock": 0 if done or r.type != "STOCK_DIVIDEND" else r.new_shares,
            "waitingAmountForReturn": 0 if done else r.cash,
            "rightOffRate": "1:1" if r.type == "STOCK_RIGHT" else "",
            "buyPrice": r.price,
            "allowRegister": can_register,
            "totalStocksCanBuy": buyable,
            "totalPayAmount": buyable * r.price,
            "startDate": _date(window[0] if window else r.record_date),
            "finishDate": _date(window[1] if window else e.action_date),
            "startDateTransfer": _date(window[0] if window else r.record_date),
            "finishDateTransfer": _date(window[1] if window else e.action_date),
            "actionDate": _date(e.action_date),
            "reportDate": _date(r.record_date),
            "type": r.type,
            "stockName": inst.name,
            "totalVolume": volume,
            "totalValue": round(volume * price),
            "referencePrice": num(reference),
            "closePrice": num(price),
            "ceilingPrice": ceiling,
            "floorPrice": floor,
            "predictPrice": num(price),
            "changePrice": num(price - reference),
            "hasRead": True,
        }


def _date(day: dt.date) -> str:
    return day.isoformat()
