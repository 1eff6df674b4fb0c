"""R21 with the overlap setting at 0 (allowed): a SuperOffice change made during an incremental read, in the same
second as SuperOffice's Date when that read began, is read by the next incremental run. The cursor is that Date (whole
seconds) and SuperOffice's `afterTime` is strictly after, on whole seconds: before, such a withdrawal never reached
eMarketeer until the nightly full run."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.domain.model import RunMode, RunStatus
from desktop_app.sync.engine import EngineSettings


@pytest.mark.parametrize("overlap", [0, 300])
def test_r21_a_change_in_the_second_a_read_began_is_read_next_time_whatever_the_overlap(world, overlap):
    world.settings = EngineSettings(overlap=timedelta(seconds=overlap))
    pid = world.so_person("anna@example.se", EMARKETING="61A")
    world.em_contact("anna@example.se", marketing="Consent")
    world.advance(60)
    assert world.sync(mode=RunMode.FULL).status is RunStatus.DONE
    world.advance(600)

    # While the incremental run reads eMarketeer (SuperOffice read), the person withdraws in SuperOffice. The
    # simulators' clocks stand still during a run: the change carries the second of SuperOffice's Date.
    done: list[bool] = []

    def progress(p) -> None:
        if p.phase == "reading" and p.done == 1 and not done:
            done.append(True)
            world.so.set_consent(pid, "EMARKETING", "WITHDRAWN")

    first = world.sync(progress=progress)
    assert first.mode is RunMode.INCREMENTAL and first.status is RunStatus.DONE and done
    assert world.em_value("anna@example.se", "Marketing sendouts") == "Consent"  # not seen by that run

    world.advance(600)
    second = world.sync()
    assert second.mode is RunMode.INCREMENTAL and second.status is RunStatus.DONE
    assert world.em_value("anna@example.se", "Marketing sendouts") == "Withdrawn"
