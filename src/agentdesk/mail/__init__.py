"""Mail content and transport: RFC 5322/MIME parsing that never drops a message, safe rendering, composing
replies and forwards, and (in their own modules) IMAP ingest and SMTP sending. No Qt here."""
