"""English labels for Finhay's romanised-Vietnamese metric codes (reference §2.3).

The API sends ~200 codes per company type; vnfin keeps every code it receives and labels
the common ones below. Codes are grouped by where they appear. Values are VND unless the
label says otherwise (ratios are fractions: 0.25 = 25 %).
"""

from __future__ import annotations

INCOME_STATEMENT: dict[str, str] = {
    "doanhthuthuan": "Net revenue",
    "giavonhangban": "Cost of goods sold",
    "loinhuangop": "Gross profit",
    "doanhthuhoatdongtaichinh": "Financial income",
    "chiphitaichinh": "Financial expenses",
    "chiphilaivay": "Interest expense",
    "chiphibanhang": "Selling expenses",
    "chiphiquanlydoanhnghiep": "General and administrative expenses",
    "loinhuanthuantuhoatdongkinhdoanh": "Operating profit",
    "loinhuankhac": "Other profit",
    "loinhuantruocthue": "Profit before tax",
    "chiphithuetndn": "Corporate income tax",
    "loinhuansauthue": "Net profit after tax",
    "loinhuansauthuecuacodongcongtyme": "Net profit attributable to parent",
    "laicobantrencophieu": "Basic EPS (VND)",
}

BALANCE_SHEET: dict[str, str] = {
    "tienvatuongduongtien": "Cash and cash equivalents",
    "daututaichinhnganhan": "Short-term investments",
    "cackhoanphaithunganhan": "Short-term receivables",
    "hangtonkho": "Inventories",
    "taisannganhankhac": "Other current assets",
    "taisannganhan": "Current assets",
    "taisancodinh": "Fixed assets",
    "daututaichinhdaihan": "Long-term investments",
    "taisandaihankhac": "Other non-current assets",
    "taisandaihan": "Non-current assets",
    "tongtaisan": "Total assets",
    "vayvanothuetaichinhnganhan": "Short-term borrowings",
    "nonganhan": "Current liabilities",
    "vayvanothuetaichinhdaihan": "Long-term borrowings",
    "nodaihan": "Non-current liabilities",
    "nophaitra": "Total liabilities",
    "vongopcuachusohuu": "Contributed capital",
    "loinhuansauthuechuaphanphoi": "Retained earnings",
    "vonchusohuu": "Owners' equity",
    "tongnguonvon": "Total liabilities and equity",
}

CASH_FLOW: dict[str, str] = {
    "loinhuanlotruocthue": "Profit before tax",
    "khauhaotaisancodinh": "Depreciation and amortisation",
    "chiphilaivay": "Interest expense",
    "loinhuanlotuhoatdongkinhdoanhtruocthaydoivonluudong": (
        "Operating profit before working-capital changes"
    ),
    "tanggiamhangtonkho": "Change in inventories",
    "thuethunhapdoanhnghiepdanop": "Corporate income tax paid",
    "luuchuyentienthuantuhoatdongkinhdoanh": "Net cash from operating activities",
    "tienchidemuasamxaydungtaisancodinh": "Purchases of fixed assets",
    "luuchuyentienthuantuhoatdongdautu": "Net cash from investing activities",
    "tienvaynganhandaihannhanduoc": "Proceeds from borrowings",
    "tienchitranogocvay": "Repayments of borrowings",
    "cotucloinhuandatrachochusohuu": "Dividends paid",
    "luuchuyentienthuantusudungvaohoatdongtaichinh": "Net cash from financing activities",
    "luuchuyentienthuantrongnam": "Net change in cash",
    "tienvatuongduongtiendaunam": "Cash at beginning of period",
    "anhhuongcuathaydoitygiahoidoaiquydoingoaite": "Effect of exchange-rate changes",
    "tienvatuongduongtiencuoinam": "Cash at end of period",
}

RATIOS: dict[str, str] = {
    "pe": "P/E",
    "pb": "P/B",
    "ps": "P/S",
    "ev_ebitda": "EV/EBITDA",
    "roa": "Return on assets (fraction)",
    "roe": "Return on equity (fraction)",
    "eps": "Earnings per share (VND)",
    "bvps": "Book value per share (VND)",
    "lnwpershare": "Net profit per share (VND)",
    "ebit": "EBIT (VND)",
    "ebitda": "EBITDA (VND)",
    "bienlaigop": "Gross margin (fraction)",
    "bienlaiebitda": "EBITDA margin (fraction)",
    "bienlaisauthue": "Net margin (fraction)",
    "lnst_yoy": "Net profit growth YoY (fraction)",
    "lnst_qoq": "Net profit growth QoQ (fraction)",
    "dtt_yoy": "Net revenue growth YoY (fraction)",
    "dtt_qoq": "Net revenue growth QoQ (fraction)",
    "tt_dtt_yoy": "Revenue growth YoY (fraction)",
    "nophaitra_vcsh": "Liabilities / equity",
    "novay_vonchu": "Debt / equity",
    "thanhtoan_hienhanh": "Current ratio",
    "thanhtoan_nhanh": "Quick ratio",
    "thanhtoan_tienmat": "Cash ratio",
    "bookvalue": "Book value (VND)",
    "ev": "Enterprise value (VND)",
    "vonhoa": "Market capitalisation (VND)",
    "gross_margin": "Gross margin (fraction)",
    "dividend_yield": "Dividend yield (fraction)",
    "nim": "Net interest margin (fraction, banks)",
    "margin_loan_to_equity_ratio": "Margin loans / equity (securities firms)",
}

STATEMENTS: dict[str, dict[str, str]] = {
    "income-statement": INCOME_STATEMENT,
    "balance-sheet": BALANCE_SHEET,
    "cash-flow": CASH_FLOW,
}

#: Every label vnfin knows, statements and ratios together.
ALL_LABELS: dict[str, str] = {**RATIOS, **{k: v for t in STATEMENTS.values() for k, v in t.items()}}


def label(code: str) -> str | None:
    """The English label of a metric code, if vnfin knows it."""
    for table in (*STATEMENTS.values(), RATIOS):
        if code in table:
            return table[code]
    return None
