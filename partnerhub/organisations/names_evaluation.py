"""Labelled name pairs for the duplicate detector, and its precision and recall on them.

    .venv/bin/python -m partnerhub.organisations.names_evaluation

prints, for each labelled set and a range of thresholds, the precision, recall and F1 of
"flag as a possible duplicate", then the pairs the default threshold gets wrong. The tests
assert a floor on these figures at the default threshold.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

from partnerhub.organisations.names import DEFAULT_THRESHOLD, compare_names

# (name, other name): the same organisation written differently.
SAME_ORGANISATION: list[tuple[str, str]] = [
    ("Nestlé S.A.", "Nestle SA"),
    ("ACME Logistics Ltd", "Acme Logistics Limited"),
    ("Siemens AG", "SIEMENS"),
    ("Trucks for Good Ltd", "Trucks-for-Good"),
    ("Microsoft Corporation", "Microsoft Corp."),
    ("Ford Motor Company", "Ford Motor Co."),
    ("Procter & Gamble", "Procter and Gamble Company"),
    ("Société Générale", "Societe Generale S.A."),
    ("Unilever PLC", "Unilever"),
    ("Safaricom Ltd", "Safaricom Limited"),
    ("Equity Bank Kenya Ltd", "Equity Bank (Kenya) Limited"),
    ("Vodafone Group Plc", "Vodafone Group"),
    ("Coca-Cola Company", "The Coca Cola Company"),
    ("Heineken N.V.", "Heineken NV"),
    ("Tata Consultancy Services Limited", "Tata Consultancy Services Pvt. Ltd."),
    ("Dangote Cement Plc", "Dangote Cement"),
    ("Mastercard Foundation", "MasterCard Foundation"),
    ("Acme Logistics", "Acme Logistcs"),
    ("Safaricom", "Safaricon"),
    ("Ericsson", "Ericson"),
    ("Bill & Melinda Gates Foundation", "Bill and Melinda Gates Foundation"),
    ("Sberbank", "Сбербанк ПАО"),
    ("Trucksforgood", "Trucks for Good"),
    ("Banco Santander S.A.", "Banco Santander"),
    ("Samsung Electronics Co., Ltd.", "Samsung Electronics"),
    ("Schneider Electric SE", "Schneider Electric"),
    ("Novo Nordisk A/S", "Novo Nordisk"),
    ("L'Oréal S.A.", "LOreal"),
    ("Airtel Africa plc", "Airtel Africa"),
    ("Mc Kinsey & Company", "McKinsey & Company, Inc."),
    ("Banca Intesa S.p.A.", "Banca Intesa"),
    ("Kühne + Nagel International AG", "Kuehne + Nagel International"),
    ("Deutsche Post DHL Group", "Deutsche Post DHL Grp"),
    ("Olam International Limited", "Olam Intl Ltd"),
    ("PT Bank Central Asia Tbk", "Bank Central Asia"),
    ("Philips Electronics N.V.", "Phillips Electronics"),
    ("Maersk Line A/S", "Mærsk Line"),
    ("Jumia Technologies AG", "Jumia Technology AG"),
    ("Standard Chartered PLC", "Standard Chartered Bank"),
]

# (name, other name): different organisations whose names look alike.
DIFFERENT_ORGANISATIONS: list[tuple[str, str]] = [
    ("Acme Logistics", "Apex Logistics"),
    ("Shell", "Shelter Now"),
    ("Global Health Partners", "Global Health Initiative"),
    ("Kenya Airways", "Kenya Power"),
    ("Equity Bank", "Equator Bank"),
    ("Trucks for Good", "Food for Good"),
    ("Siemens", "Simmons"),
    ("Nestlé", "Nestor Pharmaceuticals"),
    ("Unilever", "Univera"),
    ("Safaricom", "Safari Tours"),
    ("Apple Inc", "Applied Materials Inc"),
    ("Ford Foundation", "Ford Motor Company"),
    ("Standard Bank", "Standard Chartered Bank"),
    ("Deutsche Bank", "Deutsche Post"),
    ("Mastercard Foundation", "Mastercard"),
    ("Bank of Kigali", "Bank of Africa"),
    ("World Vision", "World Wildlife Fund"),
    ("Save the Children", "Save the Elephants"),
    ("Africa Logistics", "Asia Logistics"),
    ("Alpha Trading Ltd", "Alpine Trading Ltd"),
    ("ABC Ltd", "ABD Ltd"),
    ("Orange", "Oracle"),
    ("Total", "Tata"),
    ("Sanofi", "Santos"),
    ("Nairobi Water Company", "Mombasa Water Company"),
    ("East African Breweries", "East African Cables"),
    ("Green Energy Solutions", "Blue Energy Solutions"),
    ("Kenya Red Cross Society", "Uganda Red Cross Society"),
    ("Dangote Cement", "Dangote Sugar"),
    ("Airtel Africa", "Africa Airlines"),
    ("Safaricom Foundation", "Safaricom"),
    ("Zenith Bank", "Zenith Insurance"),
    ("Ecobank", "Equity Bank"),
    ("Maersk", "Marks & Spencer"),
    ("Vodacom", "Vodafone"),
    ("MTN Group", "MTV Group"),
    ("Jumia", "Jumbo"),
    ("Novartis", "Novo Nordisk"),
    ("Ericsson", "Eriksen Shipping"),
]

# Written after the threshold was chosen and never used to tune anything: the figures on these
# pairs are the honest estimate; the figures on the lists above are optimistic by construction.
HELD_OUT_SAME_ORGANISATION: list[tuple[str, str]] = [
    ("Kenya Commercial Bank Limited", "Kenya Commercial Bank"),
    ("Bidco Africa Ltd", "BIDCO AFRICA LIMITED"),
    ("Twiga Foods", "Twiga Foods Ltd."),
    ("Nokia Oyj", "Nokia"),
    ("Royal Philips", "Royal Phillips"),
    ("Crédit Agricole S.A.", "Credit Agricole"),
    ("Johnson & Johnson", "Johnson and Johnson Inc."),
    ("Banco do Brasil S.A.", "Banco Do Brasil"),
    ("Zipline International Inc.", "Zipline Intl"),
    ("Sasol Limited", "Sasol Ltd"),
    ("Mahindra & Mahindra Ltd.", "Mahindra and Mahindra Limited"),
    ("Unga Group Plc", "Unga Group PLC."),
    ("M-KOPA Solar", "MKopa Solar"),
    ("Bayer Aktiengesellschaft", "Bayer AG"),
    ("Wilmar International", "Wilmar Internatonal"),
    ("Ooredoo Q.P.S.C.", "Ooredoo"),
    ("Econet Wireless Zimbabwe Limited", "Econet Wireless Zimbabwe"),
    ("Hindustan Unilever Limited", "Hindustan Univeler"),
]
HELD_OUT_DIFFERENT_ORGANISATIONS: list[tuple[str, str]] = [
    ("Kenya Commercial Bank", "Kenya Women Microfinance Bank"),
    ("Bidco Africa", "Bico Africa"),
    ("Twiga Foods", "Twiga Fruits"),
    ("Nokia", "Nikon"),
    ("Crédit Agricole", "Crédit Mutuel"),
    ("Johnson & Johnson", "Johnson Controls"),
    ("Banco do Brasil", "Banco de Chile"),
    ("Zipline", "Zip Logistics"),
    ("Sasol", "Sasini"),
    ("Mahindra & Mahindra", "Mahindra Finance"),
    ("Unga Group", "Umoja Group"),
    ("Bayer", "Baker Hughes"),
    ("Wilmar International", "Wilmington Trust"),
    ("Ooredoo", "Orange"),
    ("Econet Wireless", "Ecolab"),
    ("Hindustan Unilever", "Hindustan Petroleum"),
    ("Nation Media Group", "National Media Group"),
    ("Africa Improved Foods", "Africa Improved Seeds"),
]


@dataclass(frozen=True)
class Evaluation:
    threshold: int
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def evaluate(
    same: list[tuple[str, str]],
    different: list[tuple[str, str]],
    threshold: int = DEFAULT_THRESHOLD,
) -> Evaluation:
    true_positives = sum(compare_names(a, b)[0] >= threshold for a, b in same)
    false_positives = sum(compare_names(a, b)[0] >= threshold for a, b in different)
    return Evaluation(
        threshold=threshold,
        true_positives=true_positives,
        false_positives=false_positives,
        false_negatives=len(same) - true_positives,
    )


def _report(
    out: TextIO, title: str, same: list[tuple[str, str]], different: list[tuple[str, str]]
) -> None:
    out.write(f"{title}: {len(same)} duplicate pairs, {len(different)} pairs of different names\n")
    out.write("threshold  precision  recall     F1\n")
    thresholds = sorted({*range(70, 100, 4), DEFAULT_THRESHOLD})
    for threshold in thresholds:
        result = evaluate(same, different, threshold)
        marker = "  <- default" if threshold == DEFAULT_THRESHOLD else ""
        out.write(
            f"{threshold:>9}  {result.precision:>9.3f}  {result.recall:>6.3f}  "
            f"{result.f1:>5.3f}{marker}\n"
        )
    for a, b in same:
        score, _reason = compare_names(a, b)
        if score < DEFAULT_THRESHOLD:
            out.write(f"  missed duplicate  {score:>3}  {a!r} / {b!r}\n")
    for a, b in different:
        score, _reason = compare_names(a, b)
        if score >= DEFAULT_THRESHOLD:
            out.write(f"  false alarm       {score:>3}  {a!r} / {b!r}\n")
    out.write("\n")


def main() -> None:
    out = sys.stdout
    _report(out, "Development set", SAME_ORGANISATION, DIFFERENT_ORGANISATIONS)
    _report(out, "Held-out set", HELD_OUT_SAME_ORGANISATION, HELD_OUT_DIFFERENT_ORGANISATIONS)
    out.write("Reproduce: .venv/bin/python -m partnerhub.organisations.names_evaluation\n")


if __name__ == "__main__":
    main()
