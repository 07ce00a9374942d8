"""Speed of full-text search: filter_by_search over 100,000 public partnerships written in the
six UN languages, with paging (the first 25 and the count), on SQLite or PostgreSQL.

Reproduce with:

    .venv/bin/python bench/search_speed.py                      # SQLite, 100,000 partnerships
    .venv/bin/python bench/search_speed.py --database-url postgres://postgres@127.0.0.1:5432/partnerhub_search_bench
    .venv/bin/python bench/search_speed.py --partnerships 10000 --rounds 1   # a quick look

What it does: creates a fresh database (SQLite in a temporary folder; on PostgreSQL the named
database is dropped and created again), migrates it, writes N partnerships with bulk_create
(no signals): titles and summaries from a fixed-seed generator mixing English 40%, French,
Spanish 15% each, Russian, Arabic, Chinese 10% each (topic words with a Zipf-like frequency,
place names from the country vocabulary in the text's language, a few rare project names),
one or two countries each, all active and public. Then indexes them in bulk
(services.index_queryset, the path rebuild_search_index takes) and times each query as a
list page runs it: `filter_by_search(public_partnerships(), q)`, the first 25 rows loaded and
the `.count()`; then again with a country filter. Query classes: one word, two words, a
Chinese word of 2-4 characters, an Arabic word, a French accented word, a prefix (still
typing), a rare word, a very common word. Each query runs `--rounds` times (the first round
warms the caches and is not counted). Also times site_search (the /search/ page) on the same
queries. Prints p50/p95/max per class and overall, in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOPICS = {
    "en": [
        "water",
        "sanitation",
        "education",
        "health",
        "vaccines",
        "energy",
        "solar",
        "food",
        "nutrition",
        "logistics",
        "trucks",
        "warehouses",
        "climate",
        "resilience",
        "farmers",
        "agriculture",
        "schools",
        "girls",
        "women",
        "youth",
        "refugees",
        "digital",
        "connectivity",
        "data",
        "mobile",
        "payments",
        "insurance",
        "finance",
        "microcredit",
        "fisheries",
        "oceans",
        "forests",
        "biodiversity",
        "recycling",
        "plastics",
        "housing",
        "cities",
        "transport",
        "clinics",
        "hospitals",
        "training",
        "skills",
        "jobs",
        "employment",
        "tourism",
        "heritage",
        "disaster",
        "recovery",
        "emergency",
        "response",
        "drought",
        "floods",
        "seeds",
        "irrigation",
        "markets",
        "cooperatives",
        "textiles",
    ],
    "fr": [
        "eau",
        "assainissement",
        "éducation",
        "santé",
        "vaccins",
        "énergie",
        "solaire",
        "alimentation",
        "nutrition",
        "logistique",
        "camions",
        "entrepôts",
        "climat",
        "résilience",
        "agriculteurs",
        "agriculture",
        "écoles",
        "filles",
        "femmes",
        "jeunes",
        "réfugiés",
        "numérique",
        "connectivité",
        "données",
        "paiements",
        "assurance",
        "finance",
        "microcrédit",
        "pêche",
        "océans",
        "forêts",
        "biodiversité",
        "recyclage",
        "plastiques",
        "logement",
        "villes",
        "transport",
        "cliniques",
        "hôpitaux",
        "formation",
        "compétences",
        "emplois",
        "tourisme",
        "patrimoine",
        "catastrophes",
        "relèvement",
        "urgence",
        "sécheresse",
        "inondations",
        "semences",
        "irrigation",
        "marchés",
    ],
    "es": [
        "agua",
        "saneamiento",
        "educación",
        "salud",
        "vacunas",
        "energía",
        "solar",
        "alimentación",
        "nutrición",
        "logística",
        "camiones",
        "almacenes",
        "clima",
        "resiliencia",
        "agricultores",
        "agricultura",
        "escuelas",
        "niñas",
        "mujeres",
        "jóvenes",
        "refugiados",
        "digital",
        "conectividad",
        "datos",
        "pagos",
        "seguros",
        "finanzas",
        "microcrédito",
        "pesca",
        "océanos",
        "bosques",
        "biodiversidad",
        "reciclaje",
        "plásticos",
        "vivienda",
        "ciudades",
        "transporte",
        "clínicas",
        "hospitales",
        "capacitación",
        "habilidades",
        "empleo",
        "turismo",
        "patrimonio",
        "desastres",
        "recuperación",
        "emergencia",
        "sequía",
        "inundaciones",
        "semillas",
        "riego",
        "mercados",
    ],
    "ru": [
        "вода",
        "санитария",
        "образование",
        "здравоохранение",
        "вакцины",
        "энергия",
        "солнечная",
        "питание",
        "логистика",
        "грузовики",
        "склады",
        "климат",
        "устойчивость",
        "фермеры",
        "сельское",
        "хозяйство",
        "школы",
        "девочки",
        "женщины",
        "молодежь",
        "беженцы",
        "цифровые",
        "связь",
        "данные",
        "платежи",
        "страхование",
        "финансы",
        "микрокредиты",
        "рыболовство",
        "океаны",
        "леса",
        "биоразнообразие",
        "переработка",
        "пластик",
        "жилье",
        "города",
        "транспорт",
        "клиники",
        "больницы",
        "обучение",
        "навыки",
        "занятость",
        "туризм",
        "наследие",
    ],
    "ar": [
        "المياه",
        "الصرف",
        "الصحي",
        "التعليم",
        "الصحة",
        "اللقاحات",
        "الطاقة",
        "الشمسية",
        "الغذاء",
        "التغذية",
        "اللوجستيات",
        "الشاحنات",
        "المستودعات",
        "المناخ",
        "الصمود",
        "المزارعين",
        "الزراعة",
        "المدارس",
        "الفتيات",
        "النساء",
        "الشباب",
        "اللاجئين",
        "الرقمية",
        "الاتصال",
        "البيانات",
        "المدفوعات",
        "التأمين",
        "التمويل",
        "الصيد",
        "المحيطات",
        "الغابات",
        "التنوع",
        "البيولوجي",
        "التدوير",
        "البلاستيك",
        "الإسكان",
        "المدن",
        "النقل",
        "العيادات",
        "المستشفيات",
        "التدريب",
        "المهارات",
        "الوظائف",
        "السياحة",
        "التراث",
        "الكوارث",
        "التعافي",
        "الطوارئ",
        "الجفاف",
        "الفيضانات",
        "البذور",
    ],
    "zh": [
        "水资源",
        "卫生",
        "教育",
        "健康",
        "疫苗",
        "能源",
        "太阳能",
        "粮食",
        "营养",
        "物流",
        "卡车",
        "仓库",
        "气候",
        "韧性",
        "农民",
        "农业",
        "学校",
        "女童",
        "妇女",
        "青年",
        "难民",
        "数字",
        "互联",
        "数据",
        "移动支付",
        "保险",
        "金融",
        "小额信贷",
        "渔业",
        "海洋",
        "森林",
        "生物多样性",
        "回收",
        "塑料",
        "住房",
        "城市",
        "交通",
        "诊所",
        "医院",
        "培训",
        "技能",
        "就业",
        "旅游",
        "遗产",
        "灾害",
        "恢复",
        "应急",
        "干旱",
        "洪水",
        "种子",
        "灌溉",
        "市场",
        "合作社",
        "纺织",
    ],
}
TITLE_TEMPLATES = {
    "en": ["{a} and {b} in {place}", "{a} for {b}", "Partnership for {a} in {place}"],
    "fr": ["{a} et {b} au {place}", "{a} pour les {b}", "Partenariat pour l'{a} — {place}"],
    "es": ["{a} y {b} en {place}", "{a} para {b}", "Alianza por la {a} en {place}"],
    "ru": ["{a} и {b}: {place}", "{a} для {b}", "Партнерство: {a} в {place}"],
    "ar": ["{a} و{b} في {place}", "{a} من أجل {b}", "شراكة {a} في {place}"],
    "zh": ["{place}{a}与{b}项目", "{a}促进{b}", "{place}{a}伙伴关系"],
}
SENTENCES = {
    "en": [
        "The partnership brings {a} and {b} to communities in {place}.",
        "Company staff train local teams in {a}, while the UN entity manages {b}.",
        "Results so far: better {a} for {c} and new {b}.",
    ],
    "fr": [
        "Le partenariat apporte {a} et {b} aux communautés du {place}.",
        "L'entreprise forme les équipes locales en {a}; l'entité des Nations Unies gère {b}.",
        "Premiers résultats : une meilleure {a} pour les {c}.",
    ],
    "es": [
        "La alianza lleva {a} y {b} a las comunidades de {place}.",
        "La empresa capacita a equipos locales en {a}, y la entidad de la ONU gestiona {b}.",
        "Resultados: mejor {a} para {c} y nuevos {b}.",
    ],
    "ru": [
        "Партнерство обеспечивает {a} и {b} для общин в {place}.",
        "Компания обучает местные команды: {a}, а организация ООН отвечает за {b}.",
        "Первые результаты: {a} для {c}.",
    ],
    "ar": [
        "توفر الشراكة {a} و{b} للمجتمعات المحلية في {place}.",
        "تدرب الشركة الفرق المحلية على {a} وتدير هيئة الأمم المتحدة {b}.",
        "النتائج حتى الآن: تحسين {a} من أجل {c}.",
    ],
    "zh": [
        "该伙伴关系为{place}社区提供{a}和{b}。",
        "企业培训当地团队开展{a}工作，联合国实体负责{b}。",
        "目前成果：改善了{c}的{a}。",
    ],
}
LANGUAGES = ["en"] * 8 + ["fr"] * 3 + ["es"] * 3 + ["ru"] * 2 + ["ar"] * 2 + ["zh"] * 2
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "tu",
    "ne",
    "sa",
    "vo",
    "bi",
    "de",
    "fa",
    "go",
    "hu",
    "ji",
    "ko",
    "lu",
    "ma",
    "ni",
    "po",
    "qu",
    "re",
    "si",
    "ta",
    "vu",
    "wa",
    "xe",
    "yo",
    "zu",
]


def _zipf_choice(rng: random.Random, words: list[str]) -> str:
    # Rank r drawn with weight 1/r: a few words are everywhere, most are not.
    return rng.choices(words, weights=[1 / (r + 1) for r in range(len(words))])[0]


def _rare_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize()


def _document(rng: random.Random, places: dict[str, list[str]]) -> tuple[str, str]:
    lang = rng.choice(LANGUAGES)
    words = TOPICS[lang]

    def fill(template: str) -> str:
        return template.format(
            a=_zipf_choice(rng, words),
            b=_zipf_choice(rng, words),
            c=_zipf_choice(rng, words),
            place=rng.choice(places[lang]),
        )

    title = fill(rng.choice(TITLE_TEMPLATES[lang]))
    sentences = [fill(rng.choice(SENTENCES[lang])) for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.2:
        sentences.append(f"Project {_rare_name(rng)}.")
    joiner = "" if lang == "zh" else " "
    return title[:200], joiner.join(sentences)


QUERIES: dict[str, list[str]] = {
    "one word": [
        "water",
        "vaccines",
        "logistics",
        "biodiversity",
        "santé",
        "agua",
        "образование",
        "fisheries",
        "housing",
        "recycling",
        "clima",
        "textiles",
    ],
    "two words": [
        "water sanitation",
        "solar energy",
        "food nutrition",
        "écoles filles",
        "agua saneamiento",
        "женщины молодежь",
        "trucks warehouses",
        "climate resilience",
        "emergency response",
        "pesca océanos",
        "drought irrigation",
        "digital payments",
    ],
    "chinese": [
        "水资源",
        "疫苗",
        "太阳能",
        "生物多样性",
        "农业",
        "小额信贷",
        "妇女",
        "物流",
        "海洋",
        "灌溉",
        "合作社",
        "气候",
    ],
    "arabic": [
        "المياه",
        "مياه",
        "التعليم",
        "اللقاحات",
        "الطاقة",
        "المزارعين",
        "اللاجئين",
        "الغابات",
        "المستشفيات",
        "الفيضانات",
        "البذور",
        "الشاحنات",
    ],
    "french accented": [
        "éducation",
        "énergie",
        "écoles",
        "santé",
        "résilience",
        "réfugiés",
        "forêts",
        "hôpitaux",
        "sécheresse",
        "entrepôts",
        "marchés",
        "numérique",
    ],
    "prefix": [
        "educ",
        "sanit",
        "vacc",
        "logis",
        "biodiv",
        "agric",
        "hosp",
        "финан",
        "irrig",
        "recy",
        "clim",
        "emplo",
    ],
    "rare": [],  # filled with names that occur in the generated texts
    "very common": [
        "partnership",
        "communities",
        "the",
        "des",
        "la",
        "для",
        "في",
        "and",
        "entreprise",
        "empresa",
        "results",
        "local",
    ],
}


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _row(label: str, values: list[float]) -> str:
    return (
        f"| {label} | {len(values)} | {statistics.median(values):.1f} | "
        f"{_percentile(values, 0.95):.1f} | {max(values):.1f} |"
    )


def _fresh_database(url: str | None, *, sqlite_path: str, reuse: bool) -> str:
    if not url:
        if not sqlite_path:
            sqlite_path = str(Path(tempfile.mkdtemp(prefix="partnerhub-bench-")) / "bench.sqlite3")
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = sqlite_path
        print(f"database: {sqlite_path}")
        return "SQLite"
    if reuse:
        os.environ["DATABASE_URL"] = url
        return "PostgreSQL"
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    return "PostgreSQL"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partnerships", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds after a warm-up")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="a PostgreSQL URL (its database is dropped and recreated); SQLite if empty",
    )
    parser.add_argument("--sqlite-path", default="", help="SQLite file (default: a new temp one)")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the queries on the database a previous run left (no writing, no indexing)",
    )
    args = parser.parse_args()
    engine = _fresh_database(args.database_url, sqlite_path=args.sqlite_path, reuse=args.reuse)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from partnerhub.partnerships.models import Partnership
    from partnerhub.vocabularies.models import Country

    rng = random.Random(20261126)  # noqa: S311 (reproducible synthetic data, not security)
    countries = list(Country.objects.all())
    places = {lang: [(c.names or {}).get(lang) or c.name for c in countries] for lang in TOPICS}
    country_ids = [c.pk for c in countries]

    if not args.reuse:
        _write_and_index(args.partnerships, rng, places, country_ids, engine)
    args.partnerships = Partnership.objects.count()
    _time_queries(args, engine, rng)


def _write_and_index(
    how_many: int,
    rng: random.Random,
    places: dict[str, list[str]],
    country_ids: list[str],
    engine: str,
) -> None:
    from django.db import connection, transaction

    from partnerhub.entities.models import UNEntity
    from partnerhub.partnerships.models import Partnership
    from partnerhub.search import services

    started = time.perf_counter()
    with transaction.atomic():
        entities = UNEntity.objects.bulk_create(
            UNEntity(acronym=f"BENCH{n}", slug=f"bench{n}", name=f"Bench entity {n}")
            for n in range(20)
        )
        through = Partnership.countries.through
        batch_size = 2000
        for start in range(0, how_many, batch_size):
            rows = []
            for _ in range(min(batch_size, how_many - start)):
                title, summary = _document(rng, places)
                rows.append(
                    Partnership(
                        title=title,
                        summary=summary,
                        lead_entity=rng.choice(entities),
                        status=rng.choice(
                            [Partnership.Status.ACTIVE] * 3 + [Partnership.Status.CLOSED]
                        ),
                    )
                )
            created = Partnership.objects.bulk_create(rows)
            if not created[0].pk:  # SQLite before RETURNING support: look the ids up
                created = list(Partnership.objects.order_by("-pk")[: len(rows)])
            links = []
            for partnership in created:
                for iso2 in rng.sample(country_ids, rng.choice([1, 1, 2])):
                    links.append(through(partnership_id=partnership.pk, country_id=iso2))
            through.objects.bulk_create(links)
    written = time.perf_counter() - started
    print(f"{engine}: wrote {how_many} partnerships in {written:.1f} s", flush=True)

    started = time.perf_counter()
    with transaction.atomic():
        services.index_queryset("partnership", batch_size=1000)
    indexed = time.perf_counter() - started
    print(
        f"indexed them in {indexed:.1f} s ({indexed / how_many * 1e3:.2f} ms each)",
        flush=True,
    )
    if engine == "PostgreSQL":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _time_queries(args: Any, engine: str, rng: random.Random) -> None:
    from partnerhub.partnerships.models import Partnership
    from partnerhub.partnerships.selectors import public_partnerships
    from partnerhub.search.selectors import SearchPaginator, filter_by_search, site_search

    rare = list(
        Partnership.objects.filter(summary__contains="Project ").values_list("summary", flat=True)[
            :400
        ]
    )
    names = sorted({text.rsplit("Project ", 1)[1].rstrip(".") for text in rare})
    QUERIES["rare"] = rng.sample(names, 12)
    filtered_country = "KE"

    def run(query: str, country: str | None) -> tuple[float, int]:
        queryset = public_partnerships()
        if country:
            queryset = queryset.filter(countries=country)
        begin = time.perf_counter()
        results = filter_by_search(queryset, query)
        page = list(results[:25])
        total = results.count()
        elapsed = (time.perf_counter() - begin) * 1e3
        assert len(page) == min(25, total)
        return elapsed, total

    def run_capped(query: str, country: str | None) -> float:
        queryset = public_partnerships()
        if country:
            queryset = queryset.filter(countries=country)
        begin = time.perf_counter()
        paginator = SearchPaginator(filter_by_search(queryset, query), 25)
        page = list(paginator.page(1).object_list) if paginator.count else []
        elapsed = (time.perf_counter() - begin) * 1e3
        assert len(page) == min(25, paginator.count)
        return elapsed

    timings: dict[str, list[float]] = {}
    filtered: dict[str, list[float]] = {}
    site: list[float] = []
    capped: list[float] = []
    capped_filtered: list[float] = []
    matches: dict[str, list[int]] = {}
    for round_number in range(args.rounds + 1):
        for label, queries in QUERIES.items():
            for query in queries:
                plain, total = run(query, None)
                with_country, _ = run(query, filtered_country)
                capped_plain = run_capped(query, None)
                capped_country = run_capped(query, filtered_country)
                begin = time.perf_counter()
                site_search(query, page=1)
                site_ms = (time.perf_counter() - begin) * 1e3
                if round_number == 0:
                    matches.setdefault(label, []).append(total)
                    continue
                timings.setdefault(label, []).append(plain)
                filtered.setdefault(label, []).append(with_country)
                site.append(site_ms)
                capped.append(capped_plain)
                capped_filtered.append(capped_country)

    print(
        f"\n{engine}, {args.partnerships} partnerships, {args.rounds} timed rounds; "
        "ms per query (first 25 + count)\n"
    )
    print(
        "| query class | matches (median) | p50 plain | p95 plain | max plain "
        "| p50 +country | p95 +country | max +country |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for label in QUERIES:
        plain, extra = timings[label], filtered[label]
        print(
            f"| {label} | {int(statistics.median(matches[label]))} | "
            f"{statistics.median(plain):.1f} | "
            f"{_percentile(plain, 0.95):.1f} | {max(plain):.1f} | {statistics.median(extra):.1f} | "
            f"{_percentile(extra, 0.95):.1f} | {max(extra):.1f} |"
        )
    every_plain = [v for values in timings.values() for v in values]
    every_filtered = [v for values in filtered.values() for v in values]
    print("\n| overall | queries | p50 | p95 | max |\n|---|---|---|---|---|")
    print(_row("filter_by_search", every_plain))
    print(_row("filter_by_search + country", every_filtered))
    print(_row("SearchPaginator (count capped at 1,000)", capped))
    print(_row("SearchPaginator + country", capped_filtered))
    print(_row("site_search (/search/ page)", site))
    print(
        "\nReproduce: .venv/bin/python bench/search_speed.py "
        f"--partnerships {args.partnerships} --rounds {args.rounds}"
        + (f" --database-url {args.database_url}" if args.database_url else "")
    )


if __name__ == "__main__":
    main()
