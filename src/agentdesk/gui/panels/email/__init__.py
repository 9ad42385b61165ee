"""The email interaction view: headers, body with quoted history collapsed, attachments, the action toolbar."""
