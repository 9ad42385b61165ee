"""The contact search dock (コンタクトの検索): the contact directory and the internal team (S14, S20)."""
