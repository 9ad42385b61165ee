"""The workbins dock (作業ボックス): personal (Drafts, In Progress, My workbin) and team workbins with counts (S5, S17, S24)."""
