-- songsheet in Neovim (0.7 or newer): put this in init.lua.
-- One songsheet language server for every Markdown, MDX and text buffer.
local songsheet_client = nil
vim.api.nvim_create_autocmd("FileType", {
  pattern = { "markdown", "mdx", "text" },
  callback = function(args)
    if not songsheet_client then
      songsheet_client = vim.lsp.start_client({
        name = "songsheet",
        cmd = { "songsheet", "lsp" },
        root_dir = vim.fn.getcwd(),
      })
    end
    if songsheet_client then
      vim.lsp.buf_attach_client(args.buf, songsheet_client)
    end
  end,
})
-- Code actions: :lua vim.lsp.buf.code_action()   Hover: :lua vim.lsp.buf.hover()
