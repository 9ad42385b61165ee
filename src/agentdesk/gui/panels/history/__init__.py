"""The history dock (インタラクション履歴 / 連絡先履歴 / マイ履歴): what happened to the open interaction, the contact's interactions, mine (S28)."""
