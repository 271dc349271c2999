"""``msoko init ПАПКА``: start a project of its own for a real municipality (no demonstration data)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..console import console
from ..scaffold import Identity, init_project
from ..typography import count_noun, fmt_number

NAME = "init"
HELP = "Создать проект для своего муниципалитета: настройки, страницы, пустые наборы данных со схемами, шаблоны."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", metavar="ПАПКА", type=Path, help="новая (или пустая) папка проекта")
    parser.add_argument("--municipality", default="", metavar="НАЗВАНИЕ", help="наименование муниципального образования")
    parser.add_argument("--oktmo", default="", metavar="ОКТМО", help="ОКТМО муниципального образования, 8 цифр")
    parser.add_argument("--region", default="", metavar="СУБЪЕКТ", help="субъект Российской Федерации")
    parser.add_argument("--authority", default="", metavar="НАЗВАНИЕ", help="полное наименование органа управления образованием")
    parser.add_argument("--inn", default="", metavar="ИНН", help="ИНН органа управления образованием, 10 цифр")
    parser.add_argument("--phone", default="", metavar="ТЕЛЕФОН", help="телефон для вопросов по данным (+7 XXX XXX-XX-XX)")
    parser.add_argument("--email", default="", metavar="ПОЧТА", help="электронная почта для вопросов по данным")
    parser.add_argument("--address", default="", metavar="АДРЕС", help="почтовый адрес органа управления образованием")


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    identity = Identity(
        municipality=args.municipality, oktmo=args.oktmo, region=args.region, authority=args.authority,
        inn=args.inn, phone=args.phone, email=args.email, address=args.address,
    )
    result = init_project(args.directory, identity)
    root = result.project.root
    console.print(f"Создан проект {root}: {count_noun(len(result.files), ('файл', 'файла', 'файлов'))}.", markup=False)
    if result.placeholders:
        console.print(f"  · заполните в {root / 'msoko.yml'}: {', '.join(result.placeholders)}", markup=False)
    console.print("Дальше:", markup=False)
    console.print(f"  1. Реестр: заполните {root / 'templates' / 'municipalities.xlsx'} и {root / 'templates' / 'organisations.xlsx'}, затем", markup=False)
    console.print(f"     msoko import {root / 'templates' / 'municipalities.xlsx'} --dataset municipalities --project {root}", markup=False)
    console.print(f"     msoko import {root / 'templates' / 'organisations.xlsx'} --dataset organisations --project {root}", markup=False)
    console.print(f"  2. Результаты: msoko template ege --project {root} (шаблон со списком ваших организаций) или выгрузки РЦОИ/ФИС ОКО через msoko import.", markup=False)
    console.print(f"  3. Проверка и сайт: msoko validate {root}, затем в папке проекта — msoko build.", markup=False)
    console.print(f"Итог: проект создан за {fmt_number(time.perf_counter() - started, 1)} с.", markup=False)
    return 0
