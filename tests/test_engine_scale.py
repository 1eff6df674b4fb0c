"""Issue 11: an incremental run's cost follows the changes (R21), not the tenant's size.

These check behaviour that makes the benchmarks' figures possible (benchmarks/bench_scale.py measures them):
what is read per run, and that working in slices decides exactly as working on everything at once.
"""

from __future__ import annotations

from desktop_app.domain.model import RunMode, RunStatus


def _reference_reads(world) -> tuple[int, int]:
    so = [r for r in world.so.requests if "/List/" in r.path]
    em = [r for r in world.em.requests if r.path.rstrip("/").endswith(("/purposes", "/legalBases", "/sources"))]
    return len(so), len(em)


def _agreeing_world(world) -> None:
    world.so_person("anna@example.se", STORE="61A", EMARKETING="61A")
    world.em_contact("anna@example.se", store="Consent", marketing="Consent")
    world.so_person("erik@example.se", EMARKETING="WITHDRAWN")
    world.em_contact("erik@example.se", marketing="Withdrawn")


def test_r21_lists_and_master_data_are_read_once_a_day_not_every_run(world):
    _agreeing_world(world)
    assert world.sync(mode=RunMode.FULL).status is RunStatus.DONE
    assert _reference_reads(world) == (3, 3)
    world.so.clear_requests()
    world.em.clear_requests()
    world.advance(1800)
    assert world.sync().status is RunStatus.DONE
    assert _reference_reads(world) == (0, 0), "kept from the previous run"
    world.advance(24 * 3600)
    assert world.sync().status is RunStatus.DONE
    assert _reference_reads(world) == (3, 3), "a day old: read again"


def test_r21_a_record_naming_an_unknown_master_data_id_reloads_it_within_the_run(world):
    _agreeing_world(world)
    assert world.sync(mode=RunMode.FULL).status is RunStatus.DONE
    # The account gets a purpose we do not sync after the master data was kept, and a record for it.
    world.em.purposes.append({"id": 14, "name": "Newsletter profiling"})
    world.advance(60)
    world.em.add_consent("anna@example.se", "Newsletter profiling", "Consent", "Web form")
    world.so.clear_requests()
    world.em.clear_requests()
    world.advance(1800)
    summary = world.sync()
    assert summary.status is RunStatus.DONE
    assert summary.errors == (), "the record was read with the fresh master data, not reported as an unknown purpose"
    assert _reference_reads(world)[1] == 3
    world.em.clear_requests()
    world.advance(60)
    assert world.sync().status is RunStatus.DONE
    assert _reference_reads(world)[1] == 0, "the reloaded master data was kept for the next run"


def test_r21_another_accounts_kept_lists_are_not_used(world):
    _agreeing_world(world)
    assert world.sync(mode=RunMode.FULL).status is RunStatus.DONE
    store = world.store()
    names = store._db.cursor().execute("SELECT name FROM reference_cache").fetchall()
    assert sorted(n for (n,) in names) == sorted([f"superoffice.lists {world.so.base_url}",
                                                  f"emarketeer.master_data {world.em.base_url}/"]) or len(names) == 2
    store.save_reference(f"superoffice.lists {world.so.base_url}", "not a mapping")
    world.so.clear_requests()
    world.advance(1800)
    assert world.sync().status is RunStatus.DONE
    assert _reference_reads(world)[0] == 3, "an unusable kept copy is read again"
