-- Driven by tests/editor/neovim.sh: waits for songsheet's diagnostics on the open
-- buffer, writes them out, applies the first quick fix, writes the fixed buffer.
local out = os.getenv("SONGSHEET_NVIM_OUT")
local ok = vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local lines = {}
if not ok then
  table.insert(lines, "TIMEOUT waiting for diagnostics")
end
local diagnostics = vim.diagnostic.get(0)
table.sort(diagnostics, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
for _, d in ipairs(diagnostics) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
  table.insert(lines, string.format("%d:%d:%s", d.lnum + 1, d.col + 1, code))
end
vim.fn.writefile(lines, out .. ".diagnostics")
-- A code action at the first term finding in the body (line 3), applied as an editor
-- would apply the preferred quick fix.
local first
for _, d in ipairs(diagnostics) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  if code == "term" and d.lnum > 0 then first = d break end
end
if first then
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(),
    range = { start = { line = first.lnum, character = first.col }, ["end"] = { line = first.lnum, character = first.col } },
    context = { diagnostics = {} },
  }
  local responses = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 10000) or {}
  for _, response in pairs(responses) do
    for _, action in ipairs(response.result or {}) do
      if action.kind == "quickfix" and action.edit and action.isPreferred then
        vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
        break
      end
    end
  end
end
vim.fn.writefile(vim.api.nvim_buf_get_lines(0, 0, -1, false), out .. ".fixed")
-- The edit reaches the server as a change; its findings update without a save.
local before = #diagnostics
local updated = vim.wait(5000, function() return #vim.diagnostic.get(0) == before - 1 end, 50)
vim.fn.writefile({ updated and "updated" or ("stale: " .. #vim.diagnostic.get(0)) }, out .. ".updated")
vim.cmd("qa!")
