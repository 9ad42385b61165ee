"""The demo's contact center: an invented online shop's support team, declared as a center file would be.

Everything here is made up: names, addresses (example.com is the shop, example.org / example.net its customers),
order numbers. It is applied with :func:`agentdesk.routing.center.apply_center`, exactly as
``agentdesk admin apply`` applies an administrator's file (see docs/center-file.md).
"""

from __future__ import annotations

import tomllib

from agentdesk.routing.center import ApplyReport, apply_center, parse_center
from agentdesk.routing.db import Database

#: the shop's support address: the demo mailbox, and the default From address
SUPPORT_ADDRESS = "support@example.com"
TEAM = "support"
#: who the newcomer is when the demo opens
FIRST_LOGIN = "sato"
LEAD_LOGIN = "tanaka"

CENTER_TOML = '''
[center]
name = "Example Store サポートセンター"

[options]
forward = "both"
forward_from_history = true
disposition_required = false
transfer_timeout_minutes = 5
qa_review = { teams = ["support"], agents = [], sample_percent = 0 }
routing_strategy = "least_busy"
file_sent_copy = true

[[from_addresses]]
address = "support@example.com"
display_name = "Example Store サポート"
default = true
signature = "Example Store カスタマーサポート / Customer Support\\nhttps://store.example.com/help"

[[from_addresses]]
address = "orders@example.com"
display_name = "Example Store Orders"
signature = "Example Store Orders\\nhttps://store.example.com/orders"

[[teams]]
name = "support"

[[users]]
login = "sato"
name = "佐藤 花子"
email = "sato@example.com"
role = "agent"
team = "support"
capacity = 8
language = "ja"

[[users]]
login = "suzuki"
name = "鈴木 一郎"
email = "suzuki@example.com"
role = "agent"
team = "support"
capacity = 8
language = "ja"

[[users]]
login = "miller"
name = "Emily Miller"
email = "emily.miller@example.com"
role = "agent"
team = "support"
capacity = 8
language = "en"

[[users]]
login = "tanaka"
name = "田中 美咲"
email = "tanaka@example.com"
role = "lead"
team = "support"
language = "ja"

[[dispositions]]
code = "resolved"
label = { en = "Resolved", ja = "解決済み" }

[[dispositions]]
code = "order-info"
label = { en = "Order information given", ja = "注文状況をご案内" }

[[dispositions]]
code = "refund"
label = { en = "Refund arranged", ja = "返金手続き済み" }

[[dispositions]]
code = "escalated"
label = { en = "Escalated", ja = "エスカレーション" }

[[dispositions]]
code = "spam"
label = { en = "Spam / not a customer", ja = "迷惑メール" }

[[standard_responses]]
name = "お問い合わせのお礼"
category = "一般 / General"
language = "ja"
subject = "Re: <$ Interaction.Subject $>"
body = """<$ Contact.LastName | "お客様" $> 様

このたびは Example Store にお問い合わせいただき、誠にありがとうございます。
担当の <$ Agent.FullName $> でございます。

内容を確認のうえ、あらためてご連絡いたします。
今しばらくお待ちくださいますようお願い申し上げます。"""

[[standard_responses]]
name = "配送遅延のお詫び"
category = "配送 / Shipping"
language = "ja"
subject = "Re: <$ Interaction.Subject $>"
body = """<$ Contact.LastName | "お客様" $> 様

ご注文の商品のお届けが遅れており、大変申し訳ございません。
配送業者に確認しましたところ、2〜3日以内にお届けできる見込みです。

お届け予定日が確定しましたら、改めてご連絡いたします。
ご迷惑をおかけしますことを、重ねてお詫び申し上げます。

<$ Agent.FullName $>"""

[[standard_responses]]
name = "返品・返金のご案内"
category = "返品 / Returns"
language = "ja"
subject = "Re: <$ Interaction.Subject $>"
body = """<$ Contact.LastName | "お客様" $> 様

ご不便をおかけして申し訳ございません。
商品到着後 30 日以内であれば、返品・返金を承っております。
同梱の返品伝票をご利用いただくか、https://store.example.com/returns からお手続きください。

<$ Agent.FullName $>"""

[[standard_responses]]
name = "Thank you for contacting us"
category = "一般 / General"
language = "en"
subject = "Re: <$ Interaction.Subject $>"
body = """Dear <$ Contact.FirstName | "customer" $>,

Thank you for contacting Example Store. My name is <$ Agent.FullName $> and I am looking into your request.
I will get back to you shortly.

Kind regards,
<$ Agent.FullName $>"""

[[standard_responses]]
name = "Order status"
category = "配送 / Shipping"
language = "en"
subject = "Re: <$ Interaction.Subject $>"
body = """Dear <$ Contact.FirstName | "customer" $>,

Thank you for your patience. Your order has left our warehouse and should reach you within 2–3 business days.
You can follow it at https://store.example.com/orders.

Kind regards,
<$ Agent.FullName $>"""

[[standard_responses]]
name = "Refund instructions"
category = "返品 / Returns"
language = "en"
subject = "Re: <$ Interaction.Subject $>"
body = """Dear <$ Contact.FirstName | "customer" $>,

I am sorry the item was not right. Returns are free within 30 days of delivery: use the return label in the
parcel, or start a return at https://store.example.com/returns. The refund follows within 5 business days of
our receiving the item.

Kind regards,
<$ Agent.FullName $>"""

[[workbins]]
name = "要フォロー / Follow-up"
team = "support"

[[workbins]]
name = "返金待ち / Refunds pending"
team = "support"

[[contacts]]
name = "山本 健太"
first_name = "健太"
last_name = "山本"
emails = ["kenta.yamamoto@example.org"]
phones = ["+81 3 5555 0101"]
attributes = { "会員ランク" = "ゴールド" }

[[contacts]]
name = "Jane Cooper"
first_name = "Jane"
last_name = "Cooper"
company = "Cooper Design"
emails = ["jane.cooper@example.net"]
phones = [{ number = "+1 555 0102", label = "mobile" }]
attributes = { plan = "Premium" }

[[contacts]]
name = "中村 由美"
first_name = "由美"
last_name = "中村"
company = "中村商店"
emails = ["yumi.nakamura@example.org"]
phones = ["+81 6 5555 0103"]

[[contacts]]
name = "Tom Wilson"
first_name = "Tom"
last_name = "Wilson"
emails = ["tom.wilson@example.net"]

[[contacts]]
name = "小林 さくら"
first_name = "さくら"
last_name = "小林"
emails = ["sakura.kobayashi@example.org"]
phones = [{ number = "+81 90 5555 0105", label = "mobile" }]

[[contacts]]
name = "Maria Garcia"
first_name = "Maria"
last_name = "Garcia"
emails = ["maria.garcia@example.net"]

[[contacts]]
name = "伊藤 翔"
first_name = "翔"
last_name = "伊藤"
emails = ["sho.ito@example.org"]
'''


def seed(db: Database) -> ApplyReport:
    """Declare the demo contact center in ``db`` (idempotent: a second run changes nothing)."""
    return apply_center(db, parse_center(tomllib.loads(CENTER_TOML), source="the demo contact center"))
