"""The short-list model (case data, notes, contacts, team members, workbins, the approval queue)."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from agentdesk.actions.queries import CaseDataItem
from agentdesk.gui.models import Column, RecordTableModel
from agentdesk.gui.qt import Qt


def _model() -> RecordTableModel:
    return RecordTableModel([
        Column(lambda: "Key", lambda item: item.key),
        Column(lambda: "Value", lambda item: item.value, editable=lambda item: not item.read_only),
    ])


def test_record_model_passes_qtmodeltester(qtmodeltester: ModelTester) -> None:
    model = _model()
    qtmodeltester.check(model, force_py=True)
    model.set_records([CaseDataItem("OrderId", "4711", True), CaseDataItem("Plan", "Gold", False)])
    model.set_records([CaseDataItem("Plan", "Gold", False)])
    model.set_records([])


def test_edits_are_requested_never_applied_locally(qtbot: QtBot) -> None:
    model = _model()
    model.set_records([CaseDataItem("OrderId", "4711", True), CaseDataItem("Plan", "Gold", False)])
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(0, 1), "1234")
    with qtbot.waitSignal(model.sig_edit_requested, timeout=1000) as requested:
        model.setData(model.index(1, 1), "Platinum")
    assert requested.args == [1, "Platinum"]
    assert model.data(model.index(1, 1)) == "Gold"  # until the database says otherwise
