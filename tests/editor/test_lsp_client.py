"""songsheet's language server driven by a real LSP client (pytest-lsp, on pygls and
lsprotocol): open a fixture, receive the same findings `songsheet check` reports at the
same positions, edit the document and see the findings update, apply a quick fix and
see the fixed text.

Run from the repository root after `cargo build`: python3 -m pytest tests/editor -q
"""
import json
import os
import pathlib
import subprocess

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("SONGSHEET_BIN", str(ROOT / "target" / "debug" / "songsheet"))
FIXTURE = ROOT / "fixtures" / "rules" / "term" / "fail.md"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BINARY, "lsp"]))
async def client(lsp_client: LanguageClient):
    params = types.InitializeParams(
        capabilities=types.ClientCapabilities(
            general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf16])
        )
    )
    result = await lsp_client.initialize_session(params)
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf16
    yield
    await lsp_client.shutdown_session()


def check_json(path: pathlib.Path):
    out = subprocess.run(
        [BINARY, "check", "--format", "json", str(path)], capture_output=True, text=True, cwd=ROOT
    )
    return json.loads(out.stdout)["diagnostics"]


async def open_and_wait(client: LanguageClient, path: pathlib.Path, text: str):
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


@pytest.mark.asyncio
async def test_same_findings_as_check_at_the_same_positions(client: LanguageClient):
    text = FIXTURE.read_text(encoding="utf-8")
    uri = await open_and_wait(client, FIXTURE, text)
    got = sorted(
        (d.range.start.line + 1, d.range.start.character + 1, d.code) for d in client.diagnostics[uri]
    )
    want = sorted((d["line"], d["column"], d["rule"]) for d in check_json(FIXTURE))
    assert got == want


@pytest.mark.asyncio
async def test_findings_update_as_you_type_and_a_quick_fix_applies(client: LanguageClient):
    path = ROOT / "fixtures" / "typing-test.md"
    uri = await open_and_wait(client, path, "Fresh copy.\n")
    assert not client.diagnostics[uri]
    # Type a variant of the term into the document (incremental change).
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(line=0, character=11), end=types.Position(line=0, character=11)),
                    text=" Meet the BrewLine Pro.",
                )
            ],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    diagnostics = client.diagnostics[uri]
    assert [d.code for d in diagnostics] == ["term"]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostics[0].range,
            context=types.CodeActionContext(diagnostics=diagnostics),
        )
    )
    quick = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    assert quick, actions
    edit = quick[0].edit.changes[uri][0]
    text = "Fresh copy. Meet the BrewLine Pro.\n"
    lines = text.split("\n")
    line = lines[edit.range.start.line]
    fixed_line = line[: edit.range.start.character] + edit.new_text + line[edit.range.end.character :]
    assert fixed_line == "Fresh copy. Meet the Brewline Pro."
