"""``kansli import members``, ``export members`` and ``demo`` as a user runs them."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from db.core.database import open_database
from db.core.keys import DataKey
from db.members.search import find_members

HEADER = "Jäsennumero;Etunimi;Sukunimi;Sähköposti;Puhelin;Osasto;Liittymispäivä\n"


def _write(path: Path, *lines: str, encoding: str = "utf-8") -> Path:
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding=encoding)
    return path


def test_import_with_a_bad_row_imports_nothing_and_names_the_line(kansli, keyed_database: Path, tmp_path) -> None:
    source = _write(
        tmp_path / "members.csv",
        "1001;Anna;Virtanen;anna@example.fi;040 123 4567;Vaasan osasto;1.3.2024",
        "1002;Matti;Aho;not-an-address;040 765 4321;Vaasan osasto;1.3.2024",
        "1003;Liisa;Laine;liisa@example.fi;050 111 2222;Vaasan osasto;2024-03-01",
    )
    result = kansli("--db", keyed_database, "import", "members", source, "--create-branches")
    assert result.code == 1
    assert "line 3, column Sähköposti" in result.out
    assert "Nothing was imported" in result.err
    assert kansli("--db", keyed_database, "members", "find", "Virtanen").out == ""


def test_import_needs_create_branches_for_unknown_branches(kansli, keyed_database: Path, tmp_path) -> None:
    source = _write(tmp_path / "m.csv", "1001;Anna;Virtanen;anna@example.fi;040 123 4567;Uusi osasto;1.3.2024")
    refused = kansli("--db", keyed_database, "import", "members", source)
    assert refused.code == 1 and "--create-branches" in refused.err
    done = kansli("--db", keyed_database, "import", "members", source, "--create-branches")
    assert done.code == 0, done.err
    assert "1 new" in done.out and "Uusi osasto" in done.out
    assert kansli("--db", keyed_database, "members", "find", "virtanen").out.startswith(
        "1001\tAnna Virtanen\tUusi osasto"
    )


def test_dry_run_changes_nothing(kansli, keyed_database: Path, tmp_path) -> None:
    source = _write(tmp_path / "m.csv", "1001;Anna;Virtanen;anna@example.fi;040 123 4567;Uusi osasto;1.3.2024")
    before = keyed_database.read_bytes()
    result = kansli("--db", keyed_database, "import", "members", source, "--create-branches", "--dry-run")
    assert result.code == 0 and "Dry run" in result.out
    assert keyed_database.read_bytes() == before


def test_skip_invalid_writes_the_rejects(kansli, keyed_database: Path, tmp_path) -> None:
    source = _write(
        tmp_path / "m.csv",
        "1001;Anna;Virtanen;anna@example.fi;040 123 4567;Osasto;1.3.2024",
        "1002;Matti;Aho;x@;040 765 4321;Osasto;31.2.2024",
    )
    rejects = tmp_path / "rejects.csv"
    result = kansli(
        "--db", keyed_database, "import", "members", source, "--create-branches", "--skip-invalid", "--rejects", rejects
    )
    assert result.code == 0, result.err
    assert "1 row was set aside" in result.out
    rows = list(csv.reader(rejects.open(encoding="utf-8-sig"), delimiter=";"))
    assert any("Aho" in row for row in rows)


def test_map_reads_an_unusual_header(kansli, keyed_database: Path, tmp_path) -> None:
    source = tmp_path / "m.csv"
    source.write_text("Etunimi;Sukunimi;Kännykkä;Osasto\nAnna;Virtanen;040 123 4567;Osasto\n", encoding="utf-8")
    result = kansli("--db", keyed_database, "import", "members", source, "--create-branches", "--map", "Kännykkä=phone")
    assert result.code == 0, result.err
    assert kansli("--db", keyed_database, "members", "find", "0401234567").out.startswith("\tAnna Virtanen")


def test_export_then_import_round_trip(kansli, keyed_database: Path, database_key: DataKey, tmp_path) -> None:
    source = _write(tmp_path / "m.csv", "1001;Åsa;Öberg;asa@example.fi;040 123 4567;Närpes;1.3.2024")
    assert kansli("--db", keyed_database, "import", "members", source, "--create-branches").code == 0
    exported = tmp_path / "out.xlsx"
    result = kansli("--db", keyed_database, "export", "members", "-o", exported)
    assert result.code == 0 and "Exported 1 members" in result.out
    again = kansli("--db", keyed_database, "import", "members", exported)
    assert again.code == 0, again.err
    assert "0 new" in again.out


def test_export_of_an_unknown_branch_is_refused(kansli, keyed_database: Path, tmp_path) -> None:
    result = kansli("--db", keyed_database, "export", "members", "-o", tmp_path / "x.csv", "--branch", "Nowhere")
    assert result.code == 1
    assert not (tmp_path / "x.csv").exists()


def test_demo_refuses_to_overwrite_and_force_keeps_the_old_file(kansli, tmp_path) -> None:
    path = tmp_path / "demo.db"
    first = kansli("--db", path, "demo", "--members", "60")
    assert first.code == 0, first.err
    assert "Recovery key: " in first.out
    refused = kansli("--db", path, "demo", "--members", "60")
    assert refused.code == 1 and "already exists" in refused.err
    forced = kansli("--db", path, "demo", "--members", "60", "--seed", "2", "--force")
    assert forced.code == 0
    assert list(tmp_path.glob("demo.db.replaced-*"))
    key = next(line for line in forced.out.splitlines() if line.startswith("Recovery key: "))
    database = open_database(path, DataKey.from_recovery_text(key.removeprefix("Recovery key: ")))
    try:
        with database.reading() as session:
            assert len(find_members(session, "a", date.today(), limit=5)) == 5
    finally:
        database.close()


@pytest.mark.parametrize("count", ["-1", "many"])
def test_demo_member_count_must_be_a_number(kansli, tmp_path, count: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        kansli("--db", tmp_path / "d.db", "demo", "--members", count)
    assert exit_info.value.code == 2
