"""The words Finhay's endpoints accept (reference §2.2–§2.8), with the aliases vnfin allows."""

from __future__ import annotations

from ..rules import EXCHANGES

# -- market data (§2.2, §2.12) --------------------------------------------------------------

SESSION_EXCHANGES = (*EXCHANGES, "HCX")
INDEX_CODES = ("VNINDEX", "VN30", "HNXINDEX", "HNX30", "UPCOMINDEX")
INDEX_ALIASES = {
    "VNI": "VNINDEX",
    "HNX": "HNXINDEX",
    "UPCOM": "UPCOMINDEX",
    "UPINDEX": "UPCOMINDEX",
}

RESOLUTIONS = ("1D", "5", "15", "30", "1H", "4H")
RESOLUTION_ALIASES = {
    "D": "1D",
    "1DAY": "1D",
    "DAY": "1D",
    "DAILY": "1D",
    "5M": "5",
    "5MIN": "5",
    "15M": "15",
    "15MIN": "15",
    "30M": "30",
    "30MIN": "30",
    "60": "1H",
    "60M": "1H",
    "H": "1H",
    "1HOUR": "1H",
    "240": "4H",
    "4HOUR": "4H",
}
#: Longest span fetched in one request, per resolution (longer ranges are split).
CHUNK_DAYS = {"1D": 366, "4H": 180, "1H": 90, "30": 45, "15": 21, "5": 7}

# -- fundamentals (§2.3) --------------------------------------------------------------------

PERIODS = ("annual", "quarterly")
PERIOD_ALIASES = {
    "YEAR": "annual",
    "YEARLY": "annual",
    "Y": "annual",
    "QUARTER": "quarterly",
    "Q": "quarterly",
}
STATEMENT_KINDS = ("income-statement", "balance-sheet", "cash-flow")
KIND_ALIASES = {
    "INCOME": "income-statement",
    "IS": "income-statement",
    "INCOME_STATEMENT": "income-statement",
    "BALANCE": "balance-sheet",
    "BS": "balance-sheet",
    "BALANCE_SHEET": "balance-sheet",
    "CASHFLOW": "cash-flow",
    "CASH_FLOW": "cash-flow",
    "CF": "cash-flow",
}

# -- news (§2.4) ----------------------------------------------------------------------------

NEWS = ("forex", "commodities", "economic-indicators", "stock-market", "cryptocurrency")

# -- macro (§2.5) ---------------------------------------------------------------------------

MACRO_TYPES = (
    "IIP",
    "CPI",
    "PMI",
    "PCE",
    "CORE_PCE",
    "NFP",
    "FED_FUNDS_RATE",
    "INTERBANK_RATE",
    "GOVERNMENT_10Y_BOND_YIELD",
    "UNEMPLOYMENT_RATE",
)
REMOVED_MACRO_TYPES = (
    "GOODS_RETAIL",
    "SERVICE_RETAIL",
    "TOTAL_EXPORT",
    "FDI_EXPORT",
    "DOMESTIC_EXPORT",
)
#: What a macro ``value`` is in, where it is certain: rates are % a year, PMI is a diffusion
#: index; CPI is % year on year in the documented example (VN, 2024-03: 3.97). The rest
#: (IIP, PCE, CORE_PCE, NFP) are not documented.
MACRO_UNITS = {
    "CPI": "% year on year",
    "PMI": "index points (50 = no change)",
    "FED_FUNDS_RATE": "% per year",
    "INTERBANK_RATE": "% per year",
    "GOVERNMENT_10Y_BOND_YIELD": "% per year",
    "UNEMPLOYMENT_RATE": "%",
}
MACRO_COUNTRIES = ("VN", "US", "JP", "DE")
MACRO_PERIODS = ("ONE_MONTH", "ONE_YEAR", "YTD")
ECONOMIES = ("China", "Euro Area", "Japan", "United States", "United Kingdom", "Vietnam")
ECONOMY_ALIASES = {
    "CN": "China",
    "EU": "Euro Area",
    "EA": "Euro Area",
    "JP": "Japan",
    "US": "United States",
    "USA": "United States",
    "UK": "United Kingdom",
    "GB": "United Kingdom",
    "VN": "Vietnam",
    "VIET NAM": "Vietnam",
}
CATEGORIES = (
    "GDP",
    "Labour",
    "Prices",
    "Money",
    "Trade",
    "Government",
    "Business",
    "Consumer",
    "Housing",
)
MARKET_TYPES = (
    *("SP500", "DOW_JONES", "NASDAQ", "RUSSELL2000", "VIX", "DXY"),
    *("KOSPI", "HANGSENG", "SHANGHAI", "NIKKEI"),
    *("APPLE", "MICROSOFT", "ALPHABET", "AMAZON", "META", "NVIDIA", "TESLA"),
    *("GOLD", "SILVER", "COPPER", "CRUDE_OIL", "BRENT_OIL", "NATURAL_GAS"),
    *("EURUSD", "USDJPY", "GBPUSD"),
)
#: What a ``global_market`` value is in; commodity contract units are not documented.
MARKET_UNITS = {
    **dict.fromkeys(MARKET_TYPES[:10], "points"),
    **dict.fromkeys(MARKET_TYPES[10:17], "USD per share"),
    "EURUSD": "USD per EUR",
    "USDJPY": "JPY per USD",
    "GBPUSD": "USD per GBP",
}

# -- funds (§2.8) ---------------------------------------------------------------------------

FUND_TYPES = ("STOCK_FUND", "BOND_FUND", "BALANCE_FUND")
FUND_TYPE_ALIASES = {
    "STOCK": "STOCK_FUND",
    "BOND": "BOND_FUND",
    "BALANCE": "BALANCE_FUND",
    "BALANCED": "BALANCE_FUND",
}
FUND_PERIODS = (
    "BEGIN_THE_YEAR",
    "ONE_MONTH",
    "THREE_MONTHS",
    "SIX_MONTHS",
    "ONE_YEAR",
    "THREE_YEARS",
    "FIVE_YEARS",
    "SEVEN_YEARS",
    "TEN_YEARS",
    "ALL_TIME",
)
FUND_PERIOD_ALIASES = {
    "YTD": "BEGIN_THE_YEAR",
    "1M": "ONE_MONTH",
    "3M": "THREE_MONTHS",
    "6M": "SIX_MONTHS",
    "1Y": "ONE_YEAR",
    "3Y": "THREE_YEARS",
    "5Y": "FIVE_YEARS",
    "7Y": "SEVEN_YEARS",
    "10Y": "TEN_YEARS",
    "ALL": "ALL_TIME",
    "MAX": "ALL_TIME",
}
