"""The line items of the simulated financial statements, in statement order.

Line items are named by the romanised-Vietnamese codes of Vietnamese accounting standards
(VAS), the codes the reference quotes in its §2.3 statement examples (e.g. ``doanhthuthuan``,
``loinhuansauthue``, ``tienvatuongduongtiencuoinam``). This is the sandbox's own list; the
cash-flow example of reference §2.3 uses a subset of it, in the same order.
"""

from __future__ import annotations


def _codes(text: str) -> tuple[str, ...]:
    return tuple(text.split())


INCOME_STATEMENT = _codes(
    """
    doanhthubanhangvacungcapdichvu cackhoangiamtrudoanhthu doanhthuthuan giavonhangban
    loinhuangop doanhthuhoatdongtaichinh chiphitaichinh chiphilaivay chiphibanhang
    chiphiquanlydoanhnghiep loinhuanthuantuhoatdongkinhdoanh thunhapkhac chiphikhac
    loinhuankhac loinhuantruocthue chiphithuetndn loinhuansauthue
    loinhuansauthuecuacodongcongtyme loiichcuacodongthieuso laicobantrencophieu
    """
)

BALANCE_SHEET = _codes(
    """
    tienvatuongduongtien daututaichinhnganhan cackhoanphaithunganhan hangtonkho
    taisannganhankhac taisannganhan taisancodinh daututaichinhdaihan taisandaihankhac
    taisandaihan tongtaisan vayvanothuetaichinhnganhan nonganhan vayvanothuetaichinhdaihan
    nodaihan nophaitra vongopcuachusohuu thangduvoncophan loinhuansauthuechuaphanphoi
    vonchusohuu tongnguonvon
    """
)

CASH_FLOW = _codes(
    """
    loinhuanlotruocthue khauhaotaisancodinh chiphilaivay
    loinhuanlotuhoatdongkinhdoanhtruocthaydoivonluudong tanggiamcackhoanphaithu
    tanggiamhangtonkho tanggiamcackhoanphaitra tienlaivaydatra thuethunhapdoanhnghiepdanop
    luuchuyentienthuantuhoatdongkinhdoanh tienchidemuasamxaydungtaisancodinh
    tienthulaichovaycotucvaloinhuanduocchia luuchuyenkhactuhoatdongdautu
    luuchuyentienthuantuhoatdongdautu tienvaynganhandaihannhanduoc tienchitranogocvay
    cotucloinhuandatrachochusohuu luuchuyentienthuantusudungvaohoatdongtaichinh
    luuchuyentienthuantrongnam tienvatuongduongtiendaunam
    anhhuongcuathaydoitygiahoidoaiquydoingoaite tienvatuongduongtiencuoinam
    """
)

STATEMENTS: dict[str, tuple[str, ...]] = {
    "income-statement": INCOME_STATEMENT,
    "balance-sheet": BALANCE_SHEET,
    "cash-flow": CASH_FLOW,
}
