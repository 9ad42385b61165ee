"""The outbound email window (送信メール): a reply, reply all, new email or forward being written and sent."""
