<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Version %1</source>
        <translation>バージョン %1</translation>
    </message>
    <message>
        <source>About agentdesk</source>
        <translation>agentdesk について</translation>
    </message>
    <message>
        <source>agentdesk</source>
        <translation>agentdesk</translation>
    </message>
    <message>
        <source>The contact-center agent&apos;s desktop for customer email: reply, forward, transfer, consult, review.</source>
        <translation>コンタクト センターのエージェントのためのメール デスクトップ: 返信、転送、エージェントに転送、コンサルテーション、QA 検査。</translation>
    </message>
</context>
<context>
    <name>AddressField</name>
    <message>
        <source>To…</source>
        <translation>宛先…</translation>
    </message>
    <message>
        <source>CC…</source>
        <translation>CC…</translation>
    </message>
    <message>
        <source>BCC…</source>
        <translation>BCC…</translation>
    </message>
    <message>
        <source>Find addresses in contact search</source>
        <translation>コンタクトの検索でアドレスを探す</translation>
    </message>
    <message>
        <source>Remove this field</source>
        <translation>この欄を削除</translation>
    </message>
    <message>
        <source>addresses, separated by commas</source>
        <translation>メール アドレス (カンマ区切り)</translation>
    </message>
</context>
<context>
    <name>AddressPicker</name>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>メール</translation>
    </message>
    <message>
        <source>Add addresses: %1</source>
        <translation>メール アドレスを追加: %1</translation>
    </message>
    <message>
        <source>Search contacts and team members…</source>
        <translation>コンタクトとチーム メンバーを検索…</translation>
    </message>
    <message>
        <source>Search contacts and team members</source>
        <translation>コンタクトとチーム メンバーを検索</translation>
    </message>
    <message>
        <source>Contact directory</source>
        <translation>コンタクト ディレクトリ</translation>
    </message>
    <message>
        <source>Internal team</source>
        <translation>社内チーム</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>追加</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>agentdesk cannot start</source>
        <translation>agentdesk を起動できません</translation>
    </message>
    <message>
        <source>Signing in as %1 failed: %2</source>
        <translation>%1 としてサインインできませんでした: %2</translation>
    </message>
</context>
<context>
    <name>ApprovalPanel</name>
    <message>
        <source>Subject</source>
        <extracomment>an unchanged run at most this long between two changes is folded into them, so a rewritten sentence reads as one struck-out sentence followed by one new sentence, not as words interleaved below this width the queue goes above the email and the reply instead of beside them</extracomment>
        <translation>件名</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(件名なし)</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>エージェント</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>待ち時間</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>承認</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>承認待ち</translation>
    </message>
    <message>
        <source>Customer&apos;s email</source>
        <translation>お客様のメール</translation>
    </message>
    <message>
        <source>Reply (changes since the previous round marked)</source>
        <translation>返信 (前回からの変更を表示)</translation>
    </message>
    <message>
        <source>Note for the agent (needed to reject)</source>
        <translation>エージェントへのメモ (不合格にする場合は必須)</translation>
    </message>
    <message>
        <source>Reviewer&apos;s note</source>
        <translation>検査担当者のメモ</translation>
    </message>
    <message>
        <source>Edited reply</source>
        <translation>編集した返信</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>承認</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>編集</translation>
    </message>
    <message>
        <source>Approve edited</source>
        <translation>編集して承認</translation>
    </message>
</context>
<context>
    <name>AttachmentList</name>
    <message>
        <source>a program that runs when opened</source>
        <translation>開くと実行されるプログラムです</translation>
    </message>
    <message>
        <source>two file extensions: it may not be what its name says</source>
        <translation>拡張子が二重です: 名前どおりのファイルではない可能性があります</translation>
    </message>
    <message>
        <source>its name hides its real extension (right-to-left override)</source>
        <translation>名前が本当の拡張子を隠しています (右から左への書字方向制御)</translation>
    </message>
    <message>
        <source>Attachments</source>
        <extracomment>hands a file to the OS&apos;s default application (replaced in tests)</extracomment>
        <translation>添付ファイル</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>開く</translation>
    </message>
    <message>
        <source>Open a copy with the program your computer uses for this kind of file</source>
        <translation>この種類のファイルに使うプログラムでコピーを開きます</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Save the attachment to a folder of your choice</source>
        <translation>添付ファイルを選んだフォルダーに保存します</translation>
    </message>
    <message>
        <source>Open a flagged attachment?</source>
        <translation>警告のある添付ファイルを開きますか?</translation>
    </message>
    <message>
        <source>“%1” may be dangerous:
%2

Open it only if you trust the sender and expected this file.</source>
        <translation>「%1」は危険な可能性があります:
%2

送信者を信頼でき、このファイルを待っていた場合だけ開いてください。</translation>
    </message>
    <message>
        <source>Open anyway</source>
        <translation>それでも開く</translation>
    </message>
    <message>
        <source>The copy to open could not be written on this computer (%1).</source>
        <translation>開くためのコピーをこのコンピューターに書き込めませんでした (%1)。</translation>
    </message>
    <message>
        <source>The copy to open was removed before it could be opened (an antivirus program may have taken it).</source>
        <translation>開く前にコピーが削除されました (ウイルス対策ソフトが取り除いた可能性があります)。</translation>
    </message>
    <message>
        <source>This computer has no program that opens this kind of file, or it refused to open it.</source>
        <translation>このコンピューターにはこの種類のファイルを開くプログラムがないか、開くことを拒否しました。</translation>
    </message>
    <message>
        <source>Cannot open the attachment</source>
        <translation>添付ファイルを開けません</translation>
    </message>
    <message>
        <source>“%1” could not be opened. %2

You can save it and open it from there.</source>
        <translation>「%1」を開けませんでした。%2

保存してから、保存先で開くことができます。</translation>
    </message>
    <message>
        <source>Save attachment</source>
        <translation>添付ファイルを保存</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>保存できませんでした</translation>
    </message>
    <message>
        <source>The attachment could not be saved to %1: %2</source>
        <translation>添付ファイルを %1 に保存できませんでした: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 に保存しました</translation>
    </message>
</context>
<context>
    <name>CaseDataPanel</name>
    <message>
        <source>Key</source>
        <extracomment>edit(ctx, interaction_id, key, value) -&gt; anything: the action that changes one value</extracomment>
        <translation>キー</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>読み取り専用</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Waiting for the database (see Waiting actions)</source>
        <translation>データベースの復旧待ち ([待機中のアクション] を参照)</translation>
    </message>
    <message>
        <source>Case data</source>
        <translation>ケース データ</translation>
    </message>
    <message>
        <source>QA review</source>
        <translation>QA 検査</translation>
    </message>
    <message>
        <source>Offline — cached copy. Changes wait for the database.</source>
        <translation>オフライン — 保存済みのコピーです。変更はデータベースの復旧を待って反映されます。</translation>
    </message>
    <message>
        <source>The case data of the open interaction shows here.</source>
        <translation>開いているインタラクションのケース データがここに表示されます。</translation>
    </message>
    <message>
        <source>Waiting for review</source>
        <translation>検査待ち</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>承認</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>Edited and approved by the reviewer</source>
        <translation>検査担当者が編集して承認</translation>
    </message>
    <message>
        <source>%1 — reviewer&apos;s note: %2</source>
        <translation>%1 — 検査担当者のメモ: %2</translation>
    </message>
    <message>
        <source>This interaction&apos;s case has no data.</source>
        <translation>このインタラクションのケースにはデータがありません。</translation>
    </message>
    <message>
        <source>The database cannot be reached: the change of %1 waits under Waiting actions.</source>
        <translation>データベースに接続できません。%1 の変更は [待機中のアクション] で待機しています。</translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <source>Command palette</source>
        <extracomment>a palette row that opens an interaction carries its id in this role (command rows carry their key in UserRole)</extracomment>
        <translation>コマンド パレット</translation>
    </message>
    <message>
        <source>Type a command, a subject, a contact or #id…</source>
        <translation>コマンド、件名、コンタクト、または #番号 を入力…</translation>
    </message>
    <message>
        <source>Command name</source>
        <translation>コマンド名</translation>
    </message>
    <message>
        <source>Matching commands</source>
        <translation>一致するコマンド</translation>
    </message>
    <message>
        <source>↑↓ to choose, Enter to run, Esc to close</source>
        <translation>↑↓ で選択、Enter で実行、Esc で閉じる</translation>
    </message>
    <message>
        <source>Not available now</source>
        <translation>現在は使用できません</translation>
    </message>
    <message>
        <source>Open: %1</source>
        <translation>開く: %1</translation>
    </message>
</context>
<context>
    <name>ComposeAttachments</name>
    <message>
        <source>Attach…</source>
        <extracomment>the largest file the window offers to attach (the action checks the whole message too)</extracomment>
        <translation>ファイルを添付…</translation>
    </message>
    <message>
        <source>Attach files (or drop them on the window)</source>
        <translation>ファイルを添付します (ウィンドウにドロップしても添付できます)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>添付ファイル</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>ファイルを添付</translation>
    </message>
</context>
<context>
    <name>ComposeWindow</name>
    <message>
        <source>Outbound email — %1</source>
        <extracomment>how soon after a key the local cache gets the draft (X7: never more than a second behind) how long after handing text to the local cache the window looks whether it could be saved</extracomment>
        <translation>送信メール — %1</translation>
    </message>
    <message>
        <source>Outbound email</source>
        <translation>送信メール</translation>
    </message>
    <message>
        <source>From</source>
        <translation>差出人</translation>
    </message>
    <message>
        <source>To</source>
        <translation>宛先</translation>
    </message>
    <message>
        <source>CC</source>
        <translation>CC</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>件名</translation>
    </message>
    <message>
        <source>BCC</source>
        <translation>BCC</translation>
    </message>
    <message>
        <source>Forward instructions</source>
        <translation>転送指示</translation>
    </message>
    <message>
        <source>Add CC</source>
        <translation>CCを追加</translation>
    </message>
    <message>
        <source>Add BCC</source>
        <translation>BCCを追加</translation>
    </message>
    <message>
        <source>Note for this email (not sent)…</source>
        <translation>このメールのメモ (送信されません)…</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>メモを追加</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>処理コード</translation>
    </message>
    <message>
        <source>Forwarded email</source>
        <translation>転送するメール</translation>
    </message>
    <message>
        <source>Save draft (%1); %2 or %3 closes the window and keeps the draft</source>
        <translation>ドラフトを保存 (%1)。%2 または %3 でウィンドウを閉じてもドラフトは残ります</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(なし)</translation>
    </message>
    <message>
        <source>The reviewer rejected this reply: “%1”</source>
        <translation>検査担当者がこの返信を不合格にしました: 「%1」</translation>
    </message>
    <message>
        <source>The reviewer rejected this reply.</source>
        <translation>検査担当者がこの返信を不合格にしました。</translation>
    </message>
    <message>
        <source>Restored what you typed before it reached Drafts</source>
        <translation>ドラフトに保存される前に入力した内容を復元しました</translation>
    </message>
    <message>
        <source>Not saved on this computer: %1</source>
        <translation>このコンピューターに保存できませんでした: %1</translation>
    </message>
    <message>
        <source>Saved on this computer again</source>
        <translation>このコンピューターに再び保存しました</translation>
    </message>
    <message>
        <source>The database cannot be reached: the email will be sent when it is back (see Waiting actions)</source>
        <translation>データベースに接続できません。接続が戻りしだいメールを送信します ([待機中のアクション] を参照)</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受信日時</translation>
    </message>
    <message>
        <source>Attached unchanged, as the original message (.eml)</source>
        <translation>元のメッセージ (.eml) のまま添付されます</translation>
    </message>
    <message>
        <source>Disposition set</source>
        <translation>処理コードを設定しました</translation>
    </message>
    <message>
        <source>Note added</source>
        <translation>メモを追加しました</translation>
    </message>
    <message>
        <source>Enter forward instructions</source>
        <translation>転送指示を入力</translation>
    </message>
    <message>
        <source>Complete forward</source>
        <translation>転送を完了</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>ドラフトを保存</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Fields to fill: %1</source>
        <translation>未入力のフィールド: %1</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>保存しました</translation>
    </message>
    <message>
        <source>The email holds no text of your own (only a quote or a signature, if anything) and nothing is attached.</source>
        <translation>このメールにはご自身の本文がありません (引用や署名のみ、または何もありません)。添付ファイルもありません。</translation>
    </message>
    <message>
        <source>Check before sending</source>
        <translation>送信前の確認</translation>
    </message>
    <message>
        <source>Send an empty reply?</source>
        <translation>空の返信を送信しますか?</translation>
    </message>
    <message>
        <source>Send an empty email?</source>
        <translation>空のメールを送信しますか?</translation>
    </message>
    <message>
        <source>Send anyway</source>
        <translation>このまま送信</translation>
    </message>
</context>
<context>
    <name>ConsultationPanel</name>
    <message>
        <source>Consultation</source>
        <translation>コンサルテーション</translation>
    </message>
    <message>
        <source>With</source>
        <translation>相手</translation>
    </message>
    <message>
        <source>Team member to consult</source>
        <translation>相談するチーム メンバー</translation>
    </message>
    <message>
        <source>Consultation message</source>
        <translation>コンサルテーションのメッセージ</translation>
    </message>
    <message>
        <source>Close consultation</source>
        <translation>コンサルテーションを終了</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Start consultation</source>
        <translation>コンサルテーションを開始</translation>
    </message>
    <message>
        <source>Write to your colleague…</source>
        <translation>チーム メンバーへのメッセージを入力…</translation>
    </message>
    <message>
        <source>Ask a team member about this interaction…</source>
        <translation>このインタラクションについてチーム メンバーに相談…</translation>
    </message>
    <message>
        <source>The consultation is closed.</source>
        <translation>コンサルテーションは終了しました。</translation>
    </message>
</context>
<context>
    <name>ContactsPanel</name>
    <message>
        <source>Name</source>
        <extracomment>the reads with the desk&apos;s offline policy: offline, the contacts this desktop&apos;s cache keeps</extracomment>
        <translation>名前</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>メール</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>チーム</translation>
    </message>
    <message>
        <source>Presence</source>
        <translation>在席状況</translation>
    </message>
    <message>
        <source>Contact search</source>
        <translation>コンタクトの検索</translation>
    </message>
    <message>
        <source>Search contacts and team members…</source>
        <translation>コンタクトとチーム メンバーを検索…</translation>
    </message>
    <message>
        <source>Search contacts and team members</source>
        <translation>コンタクトとチーム メンバーを検索</translation>
    </message>
    <message>
        <source>Contact directory</source>
        <translation>コンタクト ディレクトリ</translation>
    </message>
    <message>
        <source>Internal team</source>
        <translation>社内チーム</translation>
    </message>
    <message>
        <source>Offline — cached copy of the contact directory. The internal team shows when the database is back.</source>
        <translation>オフライン — コンタクト ディレクトリの保存済みのコピーです。社内チームはデータベースに接続できると表示されます。</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>受付可</translation>
    </message>
    <message>
        <source>Not ready</source>
        <translation>受付不可</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>オフライン</translation>
    </message>
    <message>
        <source>New email to %1</source>
        <translation>%1 への新規メール</translation>
    </message>
    <message>
        <source>New email</source>
        <translation>新規メール</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>コール</translation>
    </message>
</context>
<context>
    <name>DatabasePage</name>
    <message>
        <source>Type the database URL your administrator gave you.</source>
        <translation>管理者から受け取ったデータベース URL を入力してください。</translation>
    </message>
    <message>
        <source>This is not a database URL. It looks like postgresql+psycopg://USER@HOST/DATABASE.</source>
        <translation>データベース URL ではありません。postgresql+psycopg://ユーザー@ホスト/データベース の形です。</translation>
    </message>
    <message>
        <source>A team database is PostgreSQL: the URL starts with postgresql+psycopg://.</source>
        <translation>チームのデータベースは PostgreSQL です。URL は postgresql+psycopg:// で始まります。</translation>
    </message>
    <message>
        <source>Leave the password out of the URL: type it in the Password field.</source>
        <translation>URL にパスワードを含めないでください。[パスワード] 欄に入力してください。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>確認しています…</translation>
    </message>
    <message>
        <source>Connected: signed in as %1 (%2).</source>
        <translation>接続しました: %1 (%2) としてサインインしています。</translation>
    </message>
    <message>
        <source>Connected: %1 users.</source>
        <translation>接続しました。ユーザー数: %1</translation>
    </message>
    <message>
        <source>Ready: a new standalone database. Next, create its first user.</source>
        <translation>新しいスタンドアロン データベースを用意しました。次に最初のユーザーを作成します。</translation>
    </message>
    <message>
        <source>Connected, but nobody is declared yet: ask your administrator to declare the users (agentdesk admin apply).</source>
        <translation>接続しましたが、ユーザーがまだ登録されていません。管理者にユーザーの登録を依頼してください (agentdesk admin apply)。</translation>
    </message>
    <message>
        <source>the database</source>
        <translation>データベース</translation>
    </message>
</context>
<context>
    <name>DemoDesk</name>
    <message>
        <source>Demo: invented data</source>
        <translation>デモ: 架空のデータ</translation>
    </message>
    <message>
        <source>Everything here is made up; mail stays on this computer</source>
        <translation>ここにあるものはすべて架空のものです。メールはこのコンピューターの外に出ません</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>ユーザーの切り替え</translation>
    </message>
    <message>
        <source>Signing in as %1 failed: %2</source>
        <translation>%1 としてサインインできませんでした: %2</translation>
    </message>
    <message>
        <source>A customer has written; the email appears in a moment</source>
        <translation>お客様からメールが届きました。まもなく表示されます</translation>
    </message>
    <message>
        <source>This is a demo of agentdesk: an invented contact center whose customers write about once a minute. Its mail servers run inside agentdesk on this computer (IMAP on 127.0.0.1:%1, SMTP on 127.0.0.1:%2); nothing is sent to the internet, and your own settings, passwords and data are not touched.

Replies to customers are delivered to the mailbox &quot;%3&quot; (password %4), which any mail program can open while the demo runs.

Everything is kept in %5. Run &quot;agentdesk demo --reset&quot; to start over.</source>
        <translation>これは agentdesk のデモです。架空のコンタクト センターで、お客様からおよそ 1 分ごとにメールが届きます。メール サーバーはこのコンピューター上の agentdesk の中で動いています (IMAP は 127.0.0.1:%1、SMTP は 127.0.0.1:%2)。インターネットには何も送信されず、お使いの設定、パスワード、データには一切触れません。

お客様への返信は、メールボックス「%3」(パスワード %4) に届きます。デモの実行中は、お手持ちのメール ソフトで開くことができます。

すべて %5 に保存されています。最初からやり直すには「agentdesk demo --reset」を実行してください。</translation>
    </message>
    <message>
        <source>About this demo</source>
        <translation>このデモについて</translation>
    </message>
</context>
<context>
    <name>DemoMenu</name>
    <message>
        <source>agent</source>
        <translation>エージェント</translation>
    </message>
    <message>
        <source>team lead</source>
        <translation>チームリード</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理者</translation>
    </message>
    <message>
        <source>&amp;Demo</source>
        <translation>デモ(&amp;D)</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>ユーザーの切り替え</translation>
    </message>
    <message>
        <source>Sign in again as another user of the demo contact center</source>
        <translation>デモ コンタクト センターの別のユーザーとしてサインインし直します</translation>
    </message>
    <message>
        <source>A customer writes now</source>
        <translation>お客様からのメールを今すぐ受信</translation>
    </message>
    <message>
        <source>About this demo…</source>
        <translation>このデモについて…</translation>
    </message>
</context>
<context>
    <name>Desk</name>
    <message>
        <source>agentdesk cannot start</source>
        <translation>agentdesk を起動できません</translation>
    </message>
    <message>
        <source>%1: %2 drafts not saved to the database, %3 actions waiting for it</source>
        <translation>%1: データベースに保存されていないドラフト %2 件、データベースを待っているアクション %3 件</translation>
    </message>
    <message>
        <source>Sign in as %1</source>
        <translation>%1 としてサインイン</translation>
    </message>
    <message>
        <source>This computer keeps one user&apos;s work at a time. Signing in as %1 deletes what another user left here and never reached the database:</source>
        <translation>このコンピューターは一度に 1 人のユーザーの作業だけを保持します。%1 としてサインインすると、別のユーザーがここに残し、データベースに届いていないものが削除されます:</translation>
    </message>
    <message>
        <source>To keep it, cancel and let that user sign in here first.</source>
        <translation>残すには、キャンセルして、先にそのユーザーにここでサインインしてもらってください。</translation>
    </message>
    <message>
        <source>Delete it and sign in</source>
        <translation>削除してサインイン</translation>
    </message>
    <message>
        <source>the database</source>
        <translation>データベース</translation>
    </message>
    <message>
        <source>The settings file %1 signs in as %2, but the database login of its URL (%3) is the login of %4. Each user signs in with their own database login: put %4 in [user] login, or the login of %2 in the URL.</source>
        <translation>設定ファイル %1 は %2 としてサインインしますが、その URL のデータベース ログイン (%3) は %4 のログインです。各ユーザーは自分のデータベース ログインでサインインします: [user] login に %4 を書くか、URL に %2 のログインを書いてください。</translation>
    </message>
    <message>
        <source>The settings file %1 names no user ([user] login), and its database login is not a user&apos;s.</source>
        <translation>設定ファイル %1 にはユーザー ([user] login) がなく、そのデータベース ログインもユーザーのものではありません。</translation>
    </message>
    <message>
        <source>Signing in as %1 failed: %2</source>
        <translation>%1 としてサインインできませんでした: %2</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>ユーザーの切り替え</translation>
    </message>
    <message>
        <source>Signing in failed: %1</source>
        <translation>サインインできませんでした: %1</translation>
    </message>
</context>
<context>
    <name>DeskNotifier</name>
    <message>
        <source>Show agentdesk</source>
        <translation>agentdesk を表示</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>終了</translation>
    </message>
</context>
<context>
    <name>DeskPresence</name>
    <message>
        <source>%1 (writing)</source>
        <extracomment>how often the others&apos; presence is read interactions answered in an open outbound window (announced as &quot;writing&quot;)</extracomment>
        <translation>%1 (入力中)</translation>
    </message>
</context>
<context>
    <name>Display</name>
    <message>
        <source>Queued</source>
        <translation>キュー待ち</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>割り当て済み</translation>
    </message>
    <message>
        <source>In a workbin</source>
        <translation>作業ボックス内</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>ドラフト</translation>
    </message>
    <message>
        <source>In review</source>
        <translation>QA 検査中</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>送信中</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>送信済み</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>送信失敗</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>要確認</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>QA review</source>
        <extracomment>the case data key the QA review status is kept under (agentdesk.actions.queries.QA_KEY)</extracomment>
        <translation>QA 検査</translation>
    </message>
    <message>
        <source>Waiting for review</source>
        <translation>検査待ち</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>承認済み</translation>
    </message>
    <message>
        <source>Withdrawn from review</source>
        <translation>検査から取り下げ</translation>
    </message>
    <message>
        <source>Sent?</source>
        <extracomment>the outbox states that need the agent: the connection broke mid-send (``uncertain``), or it failed</extracomment>
        <translation>送信済み？</translation>
    </message>
    <message>
        <source>team %1</source>
        <translation>チーム %1</translation>
    </message>
    <message>
        <source>Transfer pending → %1</source>
        <translation>転送の応答待ち → %1</translation>
    </message>
    <message>
        <source>Offered to %1; it stays yours until they accept. Without an answer the offer ends at %2.</source>
        <translation>%1 に転送を申し出ました。相手が受け入れるまではあなたの担当のままです。応答がなければ %2 に申し出は終わります。</translation>
    </message>
    <message>
        <source>Follow-up due</source>
        <translation>フォローアップ期限</translation>
    </message>
    <message>
        <source>Snoozed until %1</source>
        <translation>%1 までスヌーズ中</translation>
    </message>
    <message>
        <source>The connection was lost while sending: decide whether it was sent</source>
        <extracomment>the colour of the &quot;follow-up due&quot; mark (amber: it wants the agent, it is not late)</extracomment>
        <translation>送信中に接続が切れました。送信されたかどうかを決めてください</translation>
    </message>
    <message>
        <source>now</source>
        <translation>たった今</translation>
    </message>
    <message>
        <source>%1m</source>
        <translation>%1分</translation>
    </message>
    <message>
        <source>%1h</source>
        <translation>%1時間</translation>
    </message>
    <message>
        <source>%1d</source>
        <translation>%1日</translation>
    </message>
</context>
<context>
    <name>EmailPanel</name>
    <message>
        <source>Email interaction</source>
        <extracomment>the body is never squeezed below this (a 1024×700 window gives it far more: the side panels give way) the desk&apos;s services: its reads fall back to this desktop&apos;s cache offline, and the body shown is kept there for the offline view (None: online only, nothing kept) opens a link in the browser (replaced in tests)</extracomment>
        <translation>メール インタラクション</translation>
    </message>
    <message>
        <source>From</source>
        <translation>差出人</translation>
    </message>
    <message>
        <source>To</source>
        <translation>宛先</translation>
    </message>
    <message>
        <source>CC</source>
        <translation>CC</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受信日時</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>タグ</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>編集…</translation>
    </message>
    <message>
        <source>Add or remove tags (Ctrl+T)</source>
        <translation>タグを追加・削除 (Ctrl+T)</translation>
    </message>
    <message>
        <source>Choose an interaction in My interactions to read it here.</source>
        <translation>マイ インタラクションでインタラクションを選ぶと、ここに表示されます。</translation>
    </message>
    <message>
        <source>Email body</source>
        <translation>メール本文</translation>
    </message>
    <message>
        <source>Email actions</source>
        <translation>メールのアクション</translation>
    </message>
    <message>
        <source>Contact actions</source>
        <translation>コンタクトのアクション メニュー</translation>
    </message>
    <message>
        <source>Email or call the contact</source>
        <translation>コンタクトにメールまたはコール</translation>
    </message>
    <message>
        <source>Show images</source>
        <translation>画像を表示</translation>
    </message>
    <message>
        <source>This interaction is not kept on this computer; it opens when the database is back.</source>
        <translation>このインタラクションはこのコンピューターに保存されていません。データベースに接続できると開きます。</translation>
    </message>
    <message>
        <source>The database cannot be reached: showing the copy kept on this computer (no images, attachment contents or notes).</source>
        <translation>データベースに接続できません。このコンピューターに保存されたコピーを表示しています (画像、添付ファイルの内容、メモはありません)。</translation>
    </message>
    <message>
        <source>The database cannot be reached: showing the copy kept on this computer (text only, no attachment contents or notes).</source>
        <translation>データベースに接続できません。このコンピューターに保存されたコピーを表示しています (テキストのみ。添付ファイルの内容、メモはありません)。</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(件名なし)</translation>
    </message>
    <message>
        <source>%1 — waiting for an answer. %2</source>
        <translation>%1 — 応答を待っています。%2</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>取り下げ</translation>
    </message>
    <message>
        <source>Withdraw the transfer offer: the email stays yours</source>
        <translation>転送の申し出を取り下げます (メールはあなたの担当のままです)</translation>
    </message>
    <message>
        <source>The reviewer rejected this reply: “%1”. Correct it and send it again.</source>
        <translation>検査担当者がこの返信を不合格にしました: 「%1」。修正してもう一度送信してください。</translation>
    </message>
    <message>
        <source>The reviewer rejected this reply. Correct it and send it again.</source>
        <translation>検査担当者がこの返信を不合格にしました。修正してもう一度送信してください。</translation>
    </message>
    <message>
        <source>A draft: not sent yet.</source>
        <translation>ドラフト: まだ送信していません。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>… show quoted text (%1 lines)</source>
        <translation>… 引用を表示 (%1 行)</translation>
    </message>
    <message>
        <source>hide quoted text</source>
        <translation>引用を隠す</translation>
    </message>
    <message>
        <source>… show signature</source>
        <translation>… 署名を表示</translation>
    </message>
    <message>
        <source>A remote image was blocked to protect your privacy.</source>
        <translation>プライバシー保護のため、外部の画像をブロックしました。</translation>
    </message>
    <message>
        <source>%1 remote images were blocked to protect your privacy.</source>
        <translation>プライバシー保護のため、外部の画像 %1 件をブロックしました。</translation>
    </message>
    <message>
        <source>Show the images of this message</source>
        <translation>このメールの画像を表示</translation>
    </message>
    <message>
        <source>Always show images from %1</source>
        <translation>%1 からの画像を常に表示</translation>
    </message>
    <message>
        <source>⚠ Duplicate Message-ID: another message with different content uses the same Message-ID; this one is kept as its own interaction.</source>
        <translation>⚠ Message-ID の重複: 内容の異なる別のメッセージが同じ Message-ID を使っています。このメッセージは別のインタラクションとして保持されています。</translation>
    </message>
    <message>
        <source>⚠ A link&apos;s text names %1 but it leads to %2.</source>
        <translation>⚠ リンクの表示は %1 ですが、実際の行き先は %2 です。</translation>
    </message>
    <message>
        <source>… and %1 more such links.</source>
        <translation>… ほかに同様のリンクが %1 件あります。</translation>
    </message>
    <message>
        <source>Open this link?</source>
        <translation>このリンクを開きますか?</translation>
    </message>
    <message>
        <source>The link&apos;s text names %1, but it leads to:
%2

Open it anyway?</source>
        <translation>リンクの表示は %1 ですが、実際の行き先は:
%2

それでも開きますか?</translation>
    </message>
    <message>
        <source>Open anyway</source>
        <translation>それでも開く</translation>
    </message>
    <message>
        <source>New email to %1</source>
        <translation>%1 への新規メール</translation>
    </message>
    <message>
        <source>Call %1</source>
        <translation>%1 にコール</translation>
    </message>
    <message>
        <source>Also open by %1</source>
        <translation>%1 も表示中</translation>
    </message>
</context>
<context>
    <name>ForwardDialog</name>
    <message>
        <source>Forward as attachment</source>
        <translation>添付ファイルとして転送</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>転送</translation>
    </message>
    <message>
        <source>To</source>
        <translation>宛先</translation>
    </message>
    <message>
        <source>CC</source>
        <translation>CC</translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation>転送指示</translation>
    </message>
    <message>
        <source>the external resource&apos;s address</source>
        <translation>外部リソースのメール アドレス</translation>
    </message>
    <message>
        <source>Enter forward instructions</source>
        <translation>転送指示を入力</translation>
    </message>
    <message>
        <source>Forward instructions</source>
        <translation>転送指示</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>When</source>
        <extracomment>the reads with the desk&apos;s offline policy: offline, the histories this desktop&apos;s cache keeps</extracomment>
        <translation>日時</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>system</source>
        <translation>システム</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受信日時</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>件名</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(件名なし)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>History</source>
        <translation>履歴</translation>
    </message>
    <message>
        <source>Interaction history</source>
        <translation>インタラクション履歴</translation>
    </message>
    <message>
        <source>Contact history</source>
        <translation>連絡先履歴</translation>
    </message>
    <message>
        <source>My history</source>
        <translation>マイ履歴</translation>
    </message>
    <message>
        <source>Search the contact&apos;s history and mine…</source>
        <translation>連絡先履歴とマイ履歴を検索…</translation>
    </message>
    <message>
        <source>Search the histories</source>
        <translation>履歴を検索</translation>
    </message>
    <message>
        <source>Forward…</source>
        <translation>転送…</translation>
    </message>
    <message>
        <source>Note added</source>
        <translation>メモを追加</translation>
    </message>
    <message>
        <source>Received</source>
        <comment>history event: an email arrived</comment>
        <translation>受信</translation>
    </message>
    <message>
        <source>Disposition set</source>
        <translation>処理コードを設定</translation>
    </message>
    <message>
        <source>Marked done</source>
        <translation>完了としてマーク</translation>
    </message>
    <message>
        <source>Transfer offered</source>
        <translation>エージェントに転送 (依頼)</translation>
    </message>
    <message>
        <source>Transfer accepted</source>
        <translation>転送を承諾</translation>
    </message>
    <message>
        <source>Transfer declined</source>
        <translation>転送を辞退</translation>
    </message>
    <message>
        <source>Transfer withdrawn</source>
        <translation>転送を取り消し</translation>
    </message>
    <message>
        <source>Reassigned</source>
        <translation>再割り当て</translation>
    </message>
    <message>
        <source>Pulled from a workbin</source>
        <translation>作業ボックスから取り出し</translation>
    </message>
    <message>
        <source>Moved to another workbin</source>
        <translation>別の作業ボックスへ移動</translation>
    </message>
    <message>
        <source>Stored in a workbin</source>
        <translation>作業ボックスに保存</translation>
    </message>
    <message>
        <source>Case data changed</source>
        <translation>ケース データを変更</translation>
    </message>
    <message>
        <source>Call started</source>
        <translation>コールを開始</translation>
    </message>
    <message>
        <source>Consultation started</source>
        <translation>コンサルテーションを開始</translation>
    </message>
    <message>
        <source>Consultation message</source>
        <translation>コンサルテーションのメッセージ</translation>
    </message>
    <message>
        <source>Consultation closed</source>
        <translation>コンサルテーションを終了</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>割り当て済み</translation>
    </message>
    <message>
        <source>Forwarded</source>
        <translation>転送</translation>
    </message>
    <message>
        <source>Draft started</source>
        <translation>ドラフト作成</translation>
    </message>
    <message>
        <source>Reply started</source>
        <translation>返信開始</translation>
    </message>
    <message>
        <source>Draft saved</source>
        <translation>ドラフト保存</translation>
    </message>
    <message>
        <source>Draft deleted</source>
        <translation>ドラフト削除</translation>
    </message>
    <message>
        <source>Attachment added</source>
        <translation>添付ファイル追加</translation>
    </message>
    <message>
        <source>Attachment removed</source>
        <translation>添付ファイル削除</translation>
    </message>
    <message>
        <source>Sent for QA review</source>
        <translation>QA 検査へ送信</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>承認</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>Handed to the outbox</source>
        <translation>送信トレイへ</translation>
    </message>
    <message>
        <source>Sending stopped</source>
        <translation>送信停止</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>送信済み</translation>
    </message>
    <message>
        <source>Bounced</source>
        <translation>配信エラー</translation>
    </message>
    <message>
        <source>Transfer offer expired</source>
        <translation>転送の申し出が期限切れ</translation>
    </message>
    <message>
        <source>Presence changed</source>
        <translation>状態の変更</translation>
    </message>
    <message>
        <source>Filed automatically (auto-reply, bounce or loop)</source>
        <translation>自動で振り分け (自動応答・不達・ループ)</translation>
    </message>
    <message>
        <source>Tags changed</source>
        <translation>タグを変更</translation>
    </message>
    <message>
        <source>Snoozed</source>
        <translation>スヌーズ</translation>
    </message>
    <message>
        <source>Follow-up cleared</source>
        <translation>フォローアップを解除</translation>
    </message>
    <message>
        <source>Forward the chosen interaction to an external resource</source>
        <translation>選んだインタラクションを外部リソースに転送します</translation>
    </message>
    <message>
        <source>This contact center does not allow forwarding ended interactions</source>
        <translation>このコンタクト センターでは終了したインタラクションの転送は許可されていません</translation>
    </message>
    <message>
        <source>Only an ended email, or an active one of yours, can be forwarded from here</source>
        <translation>ここから転送できるのは、終了したメールか、自分が担当中のメールだけです</translation>
    </message>
</context>
<context>
    <name>InteractionCommands</name>
    <message>
        <source>Reply</source>
        <extracomment>the commands of this module, in toolbar order commands reached from menus and the palette but not given their own toolbar button states of an outbound email its author can go on writing: a saved draft, a reply the reviewer rejected, a send that needs the agent done and transfer wait in this desktop&apos;s cache when the database is away (None: they just fail) how the center lets agents forward (S29): both until the options are read hands a tel: URI to the workstation&apos;s telephony (the OS&apos;s URL handler) whether an interaction (its id) has a transfer offer waiting for an answer (set by the main window)</extracomment>
        <translation>返信</translation>
    </message>
    <message>
        <source>Reply to the sender</source>
        <translation>差出人に返信します</translation>
    </message>
    <message>
        <source>Reply all</source>
        <translation>全員に返信</translation>
    </message>
    <message>
        <source>Reply to the sender and every recipient</source>
        <translation>差出人とすべての受信者に返信します</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>転送</translation>
    </message>
    <message>
        <source>Forward to an external resource</source>
        <translation>外部リソースに転送します</translation>
    </message>
    <message>
        <source>Forward as attachment</source>
        <translation>添付ファイルとして転送</translation>
    </message>
    <message>
        <source>Forward to an external resource, with the email attached</source>
        <translation>メールを添付して外部リソースに転送します</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>エージェントに転送…</translation>
    </message>
    <message>
        <source>Transfer to another agent or a team</source>
        <translation>別のエージェントまたはチームに転送します</translation>
    </message>
    <message>
        <source>Consult</source>
        <translation>コンサルテーション</translation>
    </message>
    <message>
        <source>Consult a team member</source>
        <translation>チーム メンバーに相談します</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>コール</translation>
    </message>
    <message>
        <source>Call the contact</source>
        <translation>コンタクトにコールします</translation>
    </message>
    <message>
        <source>Store in workbin</source>
        <translation>作業ボックスに保存</translation>
    </message>
    <message>
        <source>Store in a workbin</source>
        <translation>作業ボックスに保存します</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>処理コード</translation>
    </message>
    <message>
        <source>Set the disposition code</source>
        <translation>処理コードを設定します</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>Add a note</source>
        <translation>メモを追加します</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>完了としてマーク</translation>
    </message>
    <message>
        <source>Mark the interaction done</source>
        <translation>インタラクションを完了としてマークします</translation>
    </message>
    <message>
        <source>Continue writing</source>
        <translation>続きを書く</translation>
    </message>
    <message>
        <source>Open this draft or rejected reply in the outbound window to correct and send it</source>
        <translation>このドラフトまたは不合格の返信を送信メール ウィンドウで開いて、修正して送信します</translation>
    </message>
    <message>
        <source>Tags…</source>
        <translation>タグ…</translation>
    </message>
    <message>
        <source>Add or remove the interaction&apos;s tags</source>
        <translation>インタラクションのタグを追加・削除</translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation>スヌーズ</translation>
    </message>
    <message>
        <source>Put the interaction out of My interactions until a time; it comes back marked “Follow-up due”</source>
        <translation>指定した時刻までインタラクションをマイ インタラクションから外します。その時刻に「フォローアップ期限」の印付きで戻ります</translation>
    </message>
    <message>
        <source>My workbin</source>
        <translation>マイ作業ボックス</translation>
    </message>
    <message>
        <source>Team: %1</source>
        <translation>チーム: %1</translation>
    </message>
    <message>
        <source>Later today (%1)</source>
        <translation>今日の後ほど (%1)</translation>
    </message>
    <message>
        <source>Tomorrow (%1)</source>
        <translation>明日 (%1)</translation>
    </message>
    <message>
        <source>Next week (%1)</source>
        <translation>来週 (%1)</translation>
    </message>
    <message>
        <source>Choose a time…</source>
        <translation>日時を指定…</translation>
    </message>
    <message>
        <source>Clear follow-up</source>
        <translation>フォローアップを解除</translation>
    </message>
    <message>
        <source>Back in My interactions now, without the follow-up mark</source>
        <translation>今すぐマイ インタラクションに戻し、フォローアップの印を外します</translation>
    </message>
</context>
<context>
    <name>InteractionTableModel</name>
    <message>
        <source>Subject</source>
        <extracomment>fetch_ids(ctx) -&gt; list[int]; fetch_summaries(ctx, ids) -&gt; list of InteractionSummary True while the view must not move (the pointer is over it, a row is chosen): new rows that would go on top are held back, counted by sig_held_changed, until release_held (set by the panel)</extracomment>
        <translation>件名</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>コンタクト</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>経過</translation>
    </message>
    <message>
        <source>Viewing</source>
        <translation>表示中</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>タグ</translation>
    </message>
    <message>
        <source>Also open by %1</source>
        <translation>%1 も表示中</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(件名なし)</translation>
    </message>
</context>
<context>
    <name>InteractionsPanel</name>
    <message>
        <source>My interactions</source>
        <extracomment>the columns beside the subject: their widths, and narrower ones when the list is narrow (a small window), so that the subject always keeps room narrower than this, the contact column is hidden (the subject&apos;s tooltip names the contact)</extracomment>
        <translation>マイ インタラクション</translation>
    </message>
    <message>
        <source>&amp;Tag:</source>
        <translation>タグ(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>表示(&amp;S):</translation>
    </message>
    <message>
        <source>Save as view…</source>
        <translation>ビューとして保存…</translation>
    </message>
    <message>
        <source>Keep this filter under a name, in Views</source>
        <translation>この絞り込みに名前を付けて [ビュー] に保存します</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>すべて表示</translation>
    </message>
    <message>
        <source>Leave the view: My interactions again</source>
        <translation>ビューを閉じてマイ インタラクションに戻ります</translation>
    </message>
    <message>
        <source>Show open or snoozed interactions</source>
        <translation>未完了またはスヌーズ中のインタラクションを表示</translation>
    </message>
    <message>
        <source>Show only interactions with this tag</source>
        <translation>このタグの付いたインタラクションだけを表示</translation>
    </message>
    <message>
        <source>Nothing snoozed.</source>
        <translation>スヌーズ中のインタラクションはありません。</translation>
    </message>
    <message>
        <source>None of your snoozed interactions is tagged #%1.</source>
        <translation>#%1 のタグが付いたスヌーズ中のインタラクションはありません。</translation>
    </message>
    <message>
        <source>None of your interactions is tagged #%1.</source>
        <translation>#%1 のタグが付いたインタラクションはありません。</translation>
    </message>
    <message>
        <source>Nothing assigned to you right now.
New interactions appear here as they are routed to you.</source>
        <translation>現在割り当てられているインタラクションはありません。
新しいインタラクションが割り当てられると、ここに表示されます。</translation>
    </message>
    <message>
        <source>View: %1</source>
        <translation>ビュー: %1</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未完了</translation>
    </message>
    <message>
        <source>Snoozed (%1)</source>
        <translation>スヌーズ中 (%1)</translation>
    </message>
    <message>
        <source>All</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>Transfer from %1: %2</source>
        <translation>%1 からの転送: %2</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>承諾</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>辞退</translation>
    </message>
    <message>
        <source>↑ %1 new — show</source>
        <translation>↑ 新着 %1 件 — 表示</translation>
    </message>
    <message>
        <source>New interactions arrived above; the list was not moved under your pointer</source>
        <translation>新しいインタラクションが上に届きました。ポインターの下の一覧は動かしていません</translation>
    </message>
</context>
<context>
    <name>LinkDialog</name>
    <message>
        <source>Insert link</source>
        <extracomment>the block property holding a block&apos;s quote depth (0: not quoted) the block property holding the quote marks a quoted line was read with (&quot;&gt; &gt; &quot;, &quot;&gt;&gt; &quot;), kept as they were</extracomment>
        <translation>リンクを挿入</translation>
    </message>
    <message>
        <source>Text to show</source>
        <translation>表示する文字</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <source>Enter the address the link goes to</source>
        <translation>リンク先のアドレスを入力してください</translation>
    </message>
    <message>
        <source>A link must be a full address starting with https://, http://, mailto: or tel:</source>
        <translation>リンクは https://、http://、mailto: または tel: で始まる完全なアドレスにしてください</translation>
    </message>
</context>
<context>
    <name>LiveDesk</name>
    <message>
        <source>Everything read again</source>
        <extracomment>mailboxes signed in again whose waiting replies are made due once the engine runs with the new sign-in</extracomment>
        <translation>すべて読み込み直しました</translation>
    </message>
    <message>
        <source>This desktop was away longer than the team database keeps its list of changes, so your lists were read again in full once.</source>
        <translation>このデスクトップはチームのデータベースが変更の記録を保持する期間より長く離れていたため、一覧を一度すべて読み込み直しました。</translation>
    </message>
    <message>
        <source>Mailbox %1: sign in again</source>
        <translation>メールボックス %1: 再サインインが必要</translation>
    </message>
    <message>
        <source>The mail provider no longer accepts the sign-in. Replies wait in the outbox; click “Sign in again” in the status bar.</source>
        <translation>メール プロバイダーがサインインを受け付けなくなりました。返信は送信トレイで待機しています。ステータス バーの [再サインイン] をクリックしてください。</translation>
    </message>
    <message>
        <source>“%1” from %2</source>
        <translation>%2 からの「%1」</translation>
    </message>
    <message>
        <source>New interaction</source>
        <translation>新しいインタラクション</translation>
    </message>
    <message>
        <source>%1 new interactions</source>
        <translation>新しいインタラクション %1 件</translation>
    </message>
    <message>
        <source>Reply approved</source>
        <translation>返信が承認されました</translation>
    </message>
    <message>
        <source>“%1” was approved and goes to the customer.</source>
        <translation>「%1」が承認され、お客様に送信されます。</translation>
    </message>
    <message>
        <source>Reply rejected</source>
        <translation>返信が不合格になりました</translation>
    </message>
    <message>
        <source>“%1” came back: %2</source>
        <translation>「%1」が差し戻されました: %2</translation>
    </message>
    <message>
        <source>Reply not sent</source>
        <translation>返信は送信されませんでした</translation>
    </message>
    <message>
        <source>“%1” needs your attention: %2</source>
        <translation>「%1」の確認が必要です: %2</translation>
    </message>
    <message>
        <source>Follow-up due</source>
        <translation>フォローアップ期限</translation>
    </message>
    <message>
        <source>Waiting for your review</source>
        <translation>QA 検査待ち</translation>
    </message>
    <message>
        <source>%1 more replies of your team wait in the approval panel.</source>
        <translation>チームの返信 %1 件が新たに承認パネルで検査を待っています。</translation>
    </message>
</context>
<context>
    <name>MailboxIndicator</name>
    <message>
        <source>● %1: offline</source>
        <extracomment>how long quitting waits for the engine&apos;s step in hand before it ends the engine process</extracomment>
        <translation>● %1: オフライン</translation>
    </message>
    <message>
        <source>Mailbox %1 cannot reach its server; agentdesk keeps trying. You can go on reading and drafting. %2</source>
        <translation>メールボックス %1 のサーバーに接続できません。agentdesk は接続を試み続けます。その間も閲覧と下書きは続けられます。%2</translation>
    </message>
    <message>
        <source>● %1: check the settings</source>
        <translation>● %1: 設定を確認してください</translation>
    </message>
    <message>
        <source>Mailbox %1: the server refused the settings or the password. %2</source>
        <translation>メールボックス %1: サーバーが設定またはパスワードを拒否しました。%2</translation>
    </message>
    <message>
        <source>● %1: sign in again</source>
        <translation>● %1: 再サインインが必要</translation>
    </message>
    <message>
        <source>Mailbox %1: the mail provider no longer accepts the sign-in; click “Sign in again”. Replies wait in the outbox. %2</source>
        <translation>メールボックス %1: メール プロバイダーがサインインを受け付けなくなりました。[再サインイン] をクリックしてください。返信は送信トレイで待機しています。%2</translation>
    </message>
    <message>
        <source>Sign in again…</source>
        <translation>再サインイン…</translation>
    </message>
    <message>
        <source>Sign mailbox %1 in again in your browser; the replies waiting in the outbox then go out</source>
        <translation>ブラウザーでメールボックス %1 に再サインインします。送信トレイで待機している返信はその後に送信されます</translation>
    </message>
    <message>
        <source>● %1: connecting…</source>
        <translation>● %1: 接続中…</translation>
    </message>
    <message>
        <source>Mailbox %1: connecting to its server</source>
        <translation>メールボックス %1: サーバーに接続しています</translation>
    </message>
    <message>
        <source>● %1: syncing %2 / %3</source>
        <translation>● %1: 同期中 %2 / %3</translation>
    </message>
    <message>
        <source>Mailbox %1: fetching new mail</source>
        <translation>メールボックス %1: 新しいメールを取得しています</translation>
    </message>
    <message>
        <source>Mailbox %1: connected</source>
        <translation>メールボックス %1: 接続済み</translation>
    </message>
</context>
<context>
    <name>MailboxPage</name>
    <message>
        <source>The server files sent mail in the Sent folder itself (Gmail, Microsoft 365)</source>
        <translation>サーバーが送信メールを自分で送信済みフォルダーに保存する (Gmail、Microsoft 365)</translation>
    </message>
    <message>
        <source>Then agentdesk files no second copy there, and decides a send whose answer was lost by looking there for it</source>
        <translation>この場合 agentdesk は控えを二重に保存せず、応答が失われた送信はそこを確認して判断します</translation>
    </message>
    <message>
        <source>Find out</source>
        <translation>確認する</translation>
    </message>
    <message>
        <source>Send one check message from this mailbox to itself, look for it in the Sent folder, then delete it again</source>
        <translation>このメールボックスから自分宛てに確認用メッセージを 1 通送り、送信済みフォルダーで探してから、また削除します</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <source>None (this computer only)</source>
        <translation>なし (このコンピューターのみ)</translation>
    </message>
    <message>
        <source>Certificate authority</source>
        <translation>認証局</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer)</source>
        <translation>証明書 (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>Fill in: %1.</source>
        <translation>入力してください: %1</translation>
    </message>
    <message>
        <source>Password</source>
        <extracomment>how the mailbox signs in: a password, or OAuth 2.0 with one of these providers</extracomment>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>Sign in with Microsoft (Microsoft 365)</source>
        <translation>Microsoft でサインイン (Microsoft 365)</translation>
    </message>
    <message>
        <source>Sign in with Google (Google Workspace)</source>
        <translation>Google でサインイン (Google Workspace)</translation>
    </message>
    <message>
        <source>Sign in with another provider (issuer URL)</source>
        <translation>ほかのプロバイダーでサインイン (発行者 URL)</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>サインイン</translation>
    </message>
    <message>
        <source>Sign-in with the mail provider (OAuth 2.0)</source>
        <translation>メール プロバイダーでのサインイン (OAuth 2.0)</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>テナント</translation>
    </message>
    <message>
        <source>organizations, your domain, or the directory (tenant) ID</source>
        <translation>organizations、自社のドメイン、またはディレクトリ (テナント) ID</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>クライアント ID</translation>
    </message>
    <message>
        <source>the application (client) ID of your organization&apos;s app registration</source>
        <translation>組織のアプリ登録のアプリケーション (クライアント) ID</translation>
    </message>
    <message>
        <source>…apps.googleusercontent.com, from your organization&apos;s Google Cloud project</source>
        <translation>…apps.googleusercontent.com (組織の Google Cloud プロジェクトのもの)</translation>
    </message>
    <message>
        <source>the client ID your administrator registered</source>
        <translation>管理者が登録したクライアント ID</translation>
    </message>
    <message>
        <source>Issuer URL</source>
        <translation>発行者 URL</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>クライアント シークレット</translation>
    </message>
    <message>
        <source>only if the provider gave the desktop client one; kept in the system keyring</source>
        <translation>デスクトップ クライアントに発行された場合のみ。システムのキーリングに保存されます</translation>
    </message>
    <message>
        <source>Microsoft</source>
        <translation>Microsoft</translation>
    </message>
    <message>
        <source>Google</source>
        <translation>Google</translation>
    </message>
    <message>
        <source>the provider</source>
        <translation>プロバイダー</translation>
    </message>
    <message>
        <source>the address above, unless your provider says otherwise</source>
        <translation>プロバイダーの指定がなければ上のアドレス</translation>
    </message>
    <message>
        <source>Fill in the issuer URL: the address of your sign-in provider (its /.well-known/openid-configuration is read from there).</source>
        <translation>発行者 URL を入力してください: サインイン プロバイダーのアドレスです (そこから /.well-known/openid-configuration を読み込みます)。</translation>
    </message>
    <message>
        <source>The issuer URL must start with https:// (http:// only for a provider on this computer): %1</source>
        <translation>発行者 URL は https:// で始まる必要があります (http:// はこのコンピューター上のプロバイダーのみ): %1</translation>
    </message>
    <message>
        <source>The tenant “%1” is not a domain (contoso.onmicrosoft.com) or a directory (tenant) ID: copy it from the Overview page of Microsoft Entra.</source>
        <translation>テナント「%1」はドメイン (contoso.onmicrosoft.com) でもディレクトリ (テナント) ID でもありません。Microsoft Entra の [概要] ページからコピーしてください。</translation>
    </message>
    <message>
        <source>Fill in the client ID: your administrator registers agentdesk with the provider and gives it to you (docs/oauth.md says how).</source>
        <translation>クライアント ID を入力してください: 管理者が agentdesk をプロバイダーに登録して、ID を渡します (手順は docs/oauth.md)。</translation>
    </message>
    <message>
        <source>The client ID of Microsoft 365 looks like 00001111-aaaa-2222-bbbb-3333cccc4444 (the application (client) ID of the app registration), not “%1”.</source>
        <translation>Microsoft 365 のクライアント ID は 00001111-aaaa-2222-bbbb-3333cccc4444 のような形式 (アプリ登録のアプリケーション (クライアント) ID) です。「%1」ではありません。</translation>
    </message>
    <message>
        <source>The client ID of Google ends in .apps.googleusercontent.com (the OAuth client of your Google Cloud project), not “%1”.</source>
        <translation>Google のクライアント ID は .apps.googleusercontent.com で終わります (Google Cloud プロジェクトの OAuth クライアント)。「%1」ではありません。</translation>
    </message>
    <message>
        <source>These settings cannot be used: %1</source>
        <translation>この設定は使用できません: %1</translation>
    </message>
    <message>
        <source>Sign in first: “%1” opens the provider&apos;s sign-in page in your browser.</source>
        <translation>先にサインインしてください: [%1] でプロバイダーのサインイン ページがブラウザーで開きます。</translation>
    </message>
    <message>
        <source>Testing the IMAP and SMTP servers…</source>
        <translation>IMAP と SMTP のサーバーをテストしています…</translation>
    </message>
    <message>
        <source>Sending a check message to the mailbox itself and looking for it in the Sent folder…</source>
        <translation>メールボックス自身に確認用メッセージを送り、送信済みフォルダーで探しています…</translation>
    </message>
    <message>
        <source>Could not find out: %1</source>
        <translation>確認できませんでした: %1</translation>
    </message>
    <message>
        <source>The server filed the check message in the Sent folder itself: agentdesk will file no second copy, and decides a send whose answer was lost by looking there.</source>
        <translation>サーバーが確認用メッセージを自分で送信済みフォルダーに保存しました。agentdesk は控えを二重に保存せず、応答が失われた送信はそこを確認して判断します。</translation>
    </message>
    <message>
        <source>The server did not file the check message in the Sent folder within %1 s: agentdesk files a copy there after each send.</source>
        <translation>サーバーは %1 秒以内に確認用メッセージを送信済みフォルダーに保存しませんでした。agentdesk が送信のたびに控えを保存します。</translation>
    </message>
    <message>
        <source>The test could not run: %1</source>
        <translation>テストを実行できませんでした: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Text size: %1 pt</source>
        <extracomment>below this size the default layout tabs the context panels beside the email (a 1024×700 screen) how often the lists are brought up to date with the routing database what the window and its panels use besides Qt, built once (agentdesk.desk.services); the window starts its cache once it is up and closes it with itself</extracomment>
        <translation>文字サイズ: %1 pt</translation>
    </message>
    <message>
        <source>agentdesk — %1</source>
        <translation>agentdesk — %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Interaction</source>
        <translation>インタラクション(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>最新の情報に更新</translation>
    </message>
    <message>
        <source>Reload the lists from the database</source>
        <translation>データベースから一覧を読み込み直します</translation>
    </message>
    <message>
        <source>Command palette…</source>
        <translation>コマンド パレット…</translation>
    </message>
    <message>
        <source>Find any command or interaction by name</source>
        <translation>コマンドやインタラクションを名前で探す</translation>
    </message>
    <message>
        <source>Search interactions…</source>
        <translation>インタラクションを検索…</translation>
    </message>
    <message>
        <source>Find an interaction by subject, contact, words or number</source>
        <translation>件名、コンタクト、本文の語、番号でインタラクションを探す</translation>
    </message>
    <message>
        <source>Preferences…</source>
        <translation>設定…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>Switch user…</source>
        <translation>ユーザーの切り替え…</translation>
    </message>
    <message>
        <source>Sign in as another user with their own login</source>
        <translation>別のユーザーとして、そのユーザー自身のログインでサインインします</translation>
    </message>
    <message>
        <source>Reset layout</source>
        <translation>レイアウトをリセット</translation>
    </message>
    <message>
        <source>Put every panel back where it started</source>
        <translation>すべてのパネルを最初の位置に戻します</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>文字を大きく</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>文字を小さく</translation>
    </message>
    <message>
        <source>Normal text size</source>
        <translation>標準の文字サイズ</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>テーマ(&amp;T)</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>システムに合わせる</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <source>Email only</source>
        <translation>メールのみ表示</translation>
    </message>
    <message>
        <source>Hide every panel but the email, or bring them back</source>
        <translation>メール以外のパネルをすべて隠す、または元に戻す</translation>
    </message>
    <message>
        <source>About agentdesk</source>
        <translation>agentdesk について</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>キーボード ショートカット</translation>
    </message>
    <message>
        <source>Every action and its keys</source>
        <translation>すべての操作とそのキー</translation>
    </message>
    <message>
        <source>Next interaction</source>
        <translation>次のインタラクション</translation>
    </message>
    <message>
        <source>Previous interaction</source>
        <translation>前のインタラクション</translation>
    </message>
    <message>
        <source>Go to %1</source>
        <translation>%1 へ移動</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>%1 でサインイン中</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>受付可</translation>
    </message>
    <message>
        <source>Not ready</source>
        <translation>受付不可</translation>
    </message>
    <message>
        <source>My presence</source>
        <translation>在席状況</translation>
    </message>
    <message>
        <source>My &amp;presence</source>
        <translation>自分の状態(&amp;P)</translation>
    </message>
    <message>
        <source>Routing gives new email only to agents who are ready</source>
        <translation>新しいメールは受付可のエージェントにだけ割り当てられます</translation>
    </message>
    <message>
        <source>Database connected</source>
        <translation>データベース接続中</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>オフライン</translation>
    </message>
    <message>
        <source>Routing database: %1</source>
        <translation>ルーティング データベース: %1</translation>
    </message>
    <message>
        <source>Sent for QA review</source>
        <translation>QA 検査に送信しました</translation>
    </message>
    <message>
        <source>Handed to the outbox for sending</source>
        <translation>送信トレイに渡しました</translation>
    </message>
    <message>
        <source>Calling %1 — the call record is in My interactions</source>
        <translation>%1 にコール中 — コールの記録はマイ インタラクションにあります</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>処理中…</translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <source>Note</source>
        <extracomment>add(ctx, interaction_id, body) -&gt; anything</extracomment>
        <translation>メモ</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>Write a note for this interaction…</source>
        <translation>このインタラクションのメモを入力…</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>新しいメモ</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>メモを追加</translation>
    </message>
    <message>
        <source>Add note (%1)</source>
        <translation>メモを追加 (%1)</translation>
    </message>
    <message>
        <source>Notes are not kept on this computer: they show again when the database is back. A note added now waits under Waiting actions.</source>
        <translation>メモはこのコンピューターには保存されていません。データベースに接続できると再び表示されます。今追加したメモは [待機中のアクション] で待機します。</translation>
    </message>
    <message>
        <source>No notes yet.</source>
        <translation>メモはまだありません。</translation>
    </message>
</context>
<context>
    <name>OAuthSignInPanel</name>
    <message>
        <source>Opening the browser…</source>
        <extracomment>how long to wait for the browser (seconds); tests make it short how to open the browser (None: the system&apos;s, through Python&apos;s webbrowser)</extracomment>
        <translation>ブラウザーを開いています…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>キャンセルしています…</translation>
    </message>
    <message>
        <source>Sign in in the browser window that opened; agentdesk waits for it (%1 left).</source>
        <translation>開いたブラウザーのウィンドウでサインインしてください。agentdesk はそれを待っています (残り %1)。</translation>
    </message>
    <message>
        <source>The browser could not be opened: copy the address below into a browser on this computer and sign in there; agentdesk waits for it (%1 left).</source>
        <translation>ブラウザーを開けませんでした: 下のアドレスをこのコンピューターのブラウザーに貼り付けてサインインしてください。agentdesk はそれを待っています (残り %1)。</translation>
    </message>
    <message>
        <source>The address is copied: paste it into a browser on this computer.</source>
        <translation>アドレスをコピーしました。このコンピューターのブラウザーに貼り付けてください。</translation>
    </message>
    <message>
        <source>Signed in as %1.</source>
        <translation>%1 としてサインインしました。</translation>
    </message>
    <message>
        <source>Sign-in cancelled.</source>
        <translation>サインインをキャンセルしました。</translation>
    </message>
    <message>
        <source>No answer from the browser within %1 minutes: the sign-in was not finished. Sign in again.</source>
        <translation>%1 分以内にブラウザーから応答がなく、サインインは完了しませんでした。もう一度サインインしてください。</translation>
    </message>
    <message>
        <source>The provider did not sign you in: %1</source>
        <translation>プロバイダーはサインインを許可しませんでした: %1</translation>
    </message>
    <message>
        <source>The provider refused this client ID with this client secret: check both with your administrator. The provider said: %1</source>
        <translation>プロバイダーはこのクライアント ID とクライアント シークレットの組み合わせを拒否しました。両方を管理者に確認してください。プロバイダーの応答: %1</translation>
    </message>
    <message>
        <source>The provider does not know this tenant: check it with your administrator. (%1)</source>
        <translation>プロバイダーはこのテナントを認識していません。管理者に確認してください。(%1)</translation>
    </message>
    <message>
        <source>The provider does not know this client ID: check it with your administrator (it is the ID of the app they registered for agentdesk). The provider said: %1</source>
        <translation>プロバイダーはこのクライアント ID を認識していません。管理者に確認してください (agentdesk 用に登録したアプリの ID です)。プロバイダーの応答: %1</translation>
    </message>
    <message>
        <source>The provider cannot be reached or found: %1</source>
        <translation>プロバイダーに接続できないか、見つかりません: %1</translation>
    </message>
    <message>
        <source>The sign-in failed: %1</source>
        <translation>サインインできませんでした: %1</translation>
    </message>
    <message>
        <source>The sign-in could not run: %1</source>
        <translation>サインインを実行できませんでした: %1</translation>
    </message>
    <message>
        <source>the provider</source>
        <translation>プロバイダー</translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation>再サインイン</translation>
    </message>
    <message>
        <source>Sign in with %1</source>
        <translation>%1 でサインイン</translation>
    </message>
    <message>
        <source>Opens the sign-in page of %1 in your browser</source>
        <translation>%1 のサインイン ページをブラウザーで開きます</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>The browser did not open? Copy this address into it:</source>
        <translation>ブラウザーが開かない場合は、このアドレスをブラウザーに貼り付けてください:</translation>
    </message>
    <message>
        <source>Copy this address into a browser:</source>
        <translation>このアドレスをブラウザーに貼り付けてください:</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <source>Sign-in address</source>
        <translation>サインイン アドレス</translation>
    </message>
</context>
<context>
    <name>Ops</name>
    <message>
        <source>Not found</source>
        <translation>見つかりません</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>許可されていません</translation>
    </message>
    <message>
        <source>Not possible now</source>
        <translation>現在は実行できません</translation>
    </message>
    <message>
        <source>Please check your input</source>
        <translation>入力内容を確認してください</translation>
    </message>
    <message>
        <source>Fields to fill</source>
        <translation>未入力のフィールド</translation>
    </message>
    <message>
        <source>Changed meanwhile</source>
        <translation>ほかの変更があります</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>実行できません</translation>
    </message>
    <message>
        <source>The database cannot be reached; working offline.</source>
        <translation>データベースに接続できません。オフラインで作業しています。</translation>
    </message>
    <message>
        <source>Something went wrong; the details are in the log.</source>
        <translation>問題が発生しました。詳細はログに記録されています。</translation>
    </message>
</context>
<context>
    <name>OutboxBar</name>
    <message>
        <source>Take back</source>
        <translation>送信を取り消す</translation>
    </message>
    <message>
        <source>Stop sending: the reply becomes a draft again</source>
        <translation>送信を止めます。返信は下書きに戻ります</translation>
    </message>
    <message>
        <source>It was sent</source>
        <translation>送信済みとする</translation>
    </message>
    <message>
        <source>The customer has it: record it as sent</source>
        <translation>お客様に届いています。送信済みとして記録します</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>再送信</translation>
    </message>
    <message>
        <source>Queue it again with the same Message-ID; it is not sent if the Sent folder holds it by then</source>
        <translation>同じ Message-ID で再び送信待ちにします。その時点で送信済みフォルダーにあれば送信しません</translation>
    </message>
    <message>
        <source>Search again</source>
        <translation>再検索</translation>
    </message>
    <message>
        <source>Search the Sent folder for this message again</source>
        <translation>送信済みフォルダーでこのメッセージをもう一度検索します</translation>
    </message>
    <message>
        <source>Sent. Its copy could not be filed in the Sent folder yet; it is tried again at each pass: %1</source>
        <translation>送信済みです。送信済みフォルダーへの控えはまだ保存できていません (処理のたびに再試行します): %1</translation>
    </message>
    <message>
        <source>The server refused this message: %1</source>
        <translation>サーバーがこのメッセージを拒否しました: %1</translation>
    </message>
    <message>
        <source>(no reason given)</source>
        <translation>(理由の記載なし)</translation>
    </message>
    <message>
        <source>Waiting for mailbox %1 to be signed in again: this reply is kept and goes out once someone clicks “Sign in again” in the status bar and signs in.</source>
        <translation>メールボックス %1 の再サインインを待っています: この返信は保持され、ステータス バーの [再サインイン] からサインインすると送信されます。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>送信中…</translation>
    </message>
    <message>
        <source>Not sent yet; it will be tried again: %1</source>
        <translation>まだ送信されていません。再試行します: %1</translation>
    </message>
    <message>
        <source>Scheduled to be sent at %1</source>
        <translation>%1 に送信予定</translation>
    </message>
    <message>
        <source>Sending in %1 s</source>
        <translation>%1 秒後に送信</translation>
    </message>
    <message>
        <source>The connection was lost after the end of this message was sent, and the server cannot tell whether it took it: mailbox %1 does not file sent mail itself, so its Sent folder cannot answer. Decide whether it was sent (for instance, the customer answered it) or send it again.</source>
        <translation>このメッセージの末尾を送出した後に接続が切れました。サーバーが受け取ったかどうかは確認できません。メールボックス %1 のサーバーは送信メールを自分で送信済みフォルダーに保存しないため、送信済みフォルダーを調べても分かりません。送信されたか (たとえばお客様から返信があったか) を判断するか、もう一度送信してください。</translation>
    </message>
    <message>
        <source>The connection was lost after the end of this message was sent. Mailbox %1 files every message its server takes in the Sent folder: agentdesk looks there at %2 and sends it again only if it is not there. You may decide sooner.</source>
        <translation>このメッセージの末尾を送出した後に接続が切れました。メールボックス %1 のサーバーは受け取ったメッセージをすべて送信済みフォルダーに保存します。agentdesk は %2 にそこを確認し、見つからない場合に限りもう一度送信します。それより前にご自身で判断することもできます。</translation>
    </message>
    <message>
        <source>The connection was lost after this message went out: the customer may or may not have it. Decide whether it was sent.</source>
        <translation>このメッセージの送出後に接続が切れました。お客様に届いているかどうかは不明です。送信されたかどうかを判断してください。</translation>
    </message>
    <message>
        <source>Sent folder when it happened: %1</source>
        <translation>発生時の送信済みフォルダー: %1</translation>
    </message>
    <message>
        <source>Searching the Sent folder of mailbox %1…</source>
        <translation>メールボックス %1 の送信済みフォルダーを検索しています…</translation>
    </message>
    <message>
        <source>could not be searched: %1</source>
        <translation>検索できませんでした: %1</translation>
    </message>
    <message>
        <source>Sent folder of mailbox %1 now: %2</source>
        <translation>メールボックス %1 の送信済みフォルダー (現在): %2</translation>
    </message>
    <message>
        <source>not searched</source>
        <translation>未検索</translation>
    </message>
    <message>
        <source>found there (it was sent)</source>
        <translation>見つかりました (送信済み)</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>見つかりません</translation>
    </message>
    <message>
        <source>Taken back: the reply is a draft again</source>
        <translation>送信を取り消しました。返信は下書きに戻りました</translation>
    </message>
    <message>
        <source>Recorded as sent</source>
        <translation>送信済みとして記録しました</translation>
    </message>
    <message>
        <source>Queued to be sent again (not sent if the Sent folder already holds it)</source>
        <translation>再送信を待機中にしました (送信済みフォルダーに既にあれば送信しません)</translation>
    </message>
</context>
<context>
    <name>PendingPanel</name>
    <message>
        <source>Send</source>
        <extracomment>how often the panel looks again (the cache also reports every change it makes)</extracomment>
        <translation>送信</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>エージェントに転送</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>完了としてマーク</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>Case data</source>
        <translation>ケース データ</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>アクション</translation>
    </message>
    <message>
        <source>Interaction</source>
        <translation>インタラクション</translation>
    </message>
    <message>
        <source>Asked</source>
        <translation>依頼日時</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Waiting actions</source>
        <translation>待機中のアクション</translation>
    </message>
    <message>
        <source>Do not run</source>
        <translation>実行しない</translation>
    </message>
    <message>
        <source>Drop the selected waiting action</source>
        <translation>選択した待機中のアクションを取り消す</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>完了分を消去</translation>
    </message>
    <message>
        <source>Waiting for the database</source>
        <translation>データベースの復旧待ち</translation>
    </message>
    <message>
        <source>Carried out</source>
        <translation>実行済み</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>実行されませんでした: %1</translation>
    </message>
    <message>
        <source>Reading the local cache…</source>
        <translation>ローカル キャッシュを読み込んでいます…</translation>
    </message>
    <message>
        <source>No local cache on this desktop</source>
        <translation>このデスクトップにはローカル キャッシュがありません</translation>
    </message>
    <message>
        <source>The routing database cannot be reached. You can still read, search, write drafts and notes; sends, transfers, notes, case data changes and “mark done” wait here and run when it is back.</source>
        <translation>ルーティング データベースに接続できません。閲覧、検索、下書きとメモの作成はそのまま行えます。送信、転送、メモ、ケース データの変更、「完了としてマーク」はここで待機し、接続が戻ると実行されます。</translation>
    </message>
    <message>
        <source>Actions waiting for the database: %1</source>
        <translation>データベースの復旧を待っているアクション: %1 件</translation>
    </message>
    <message>
        <source>Nothing is waiting: every action reached the database.</source>
        <translation>待機中のアクションはありません。すべてデータベースに反映されました。</translation>
    </message>
    <message>
        <source>Waiting actions: %1</source>
        <translation>待機中のアクション: %1</translation>
    </message>
    <message>
        <source>No waiting or refused actions</source>
        <translation>待機中または実行されなかったアクションはありません</translation>
    </message>
    <message>
        <source>Drafts typed here that are not in the Drafts workbin yet:</source>
        <translation>このデスクトップで入力し、まだ [ドラフト] 作業ボックスにないドラフト:</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(件名なし)</translation>
    </message>
    <message>
        <source>Open “%1” again</source>
        <translation>「%1」を開き直す</translation>
    </message>
    <message>
        <source>Saved here %1</source>
        <translation>このデスクトップに保存: %1</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>システムに合わせる</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>テーマ</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>The language is saved in the settings file ([user] language) and applies at once.</source>
        <translation>言語は設定ファイル ([user] language) に保存され、すぐに反映されます。</translation>
    </message>
</context>
<context>
    <name>ResponsePicker</name>
    <message>
        <source>Standard responses</source>
        <translation>標準応答</translation>
    </message>
    <message>
        <source>Search standard responses…</source>
        <translation>標準応答を検索…</translation>
    </message>
    <message>
        <source>Search standard responses</source>
        <translation>標準応答を検索</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>カテゴリ</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Preview with the fields filled</source>
        <translation>フィールドを埋めたプレビュー</translation>
    </message>
    <message>
        <source>Insert</source>
        <translation>挿入</translation>
    </message>
    <message>
        <source>Insert the standard response, its fields filled</source>
        <translation>フィールドを埋めて標準応答を挿入します</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>すべてのカテゴリ</translation>
    </message>
    <message>
        <source>All languages</source>
        <translation>すべての言語</translation>
    </message>
    <message>
        <source>Fields to fill: %1</source>
        <translation>入力が必要なフィールド: %1</translation>
    </message>
</context>
<context>
    <name>RichTextEditor</name>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>Bold</source>
        <translation>太字</translation>
    </message>
    <message>
        <source>I</source>
        <translation>I</translation>
    </message>
    <message>
        <source>Italic</source>
        <translation>斜体</translation>
    </message>
    <message>
        <source>U</source>
        <translation>U</translation>
    </message>
    <message>
        <source>Underline</source>
        <translation>下線</translation>
    </message>
    <message>
        <source>• List</source>
        <translation>• 箇条書き</translation>
    </message>
    <message>
        <source>Bulleted list</source>
        <translation>箇条書き</translation>
    </message>
    <message>
        <source>1. List</source>
        <translation>1. 番号付き</translation>
    </message>
    <message>
        <source>Numbered list</source>
        <translation>番号付きリスト</translation>
    </message>
    <message>
        <source>❝ Quote</source>
        <translation>❝ 引用</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>引用</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>リンク</translation>
    </message>
    <message>
        <source>Insert link</source>
        <translation>リンクを挿入</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>書式解除</translation>
    </message>
    <message>
        <source>Clear formatting</source>
        <translation>書式を解除</translation>
    </message>
    <message>
        <source>Formatting</source>
        <translation>書式</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>本文</translation>
    </message>
</context>
<context>
    <name>SaveViewDialog</name>
    <message>
        <source>Save as view</source>
        <translation>ビューとして保存</translation>
    </message>
    <message>
        <source>&amp;Name of the view (shown under Views; the same name replaces it):</source>
        <translation>ビューの名前(&amp;N) ([ビュー] に表示。同じ名前のビューは置き換えられます):</translation>
    </message>
    <message>
        <source>Name of the view</source>
        <translation>ビューの名前</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <source>(no subject)</source>
        <translation>(件名なし)</translation>
    </message>
    <message>
        <source>Search interactions</source>
        <translation>インタラクションを検索</translation>
    </message>
    <message>
        <source>Search interactions: subject, contact, words, #id…</source>
        <translation>インタラクションを検索: 件名、コンタクト、語、#番号…</translation>
    </message>
    <message>
        <source>Interactions found</source>
        <translation>見つかったインタラクション</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>検索中…</translation>
    </message>
    <message>
        <source>↑↓ to choose, Enter to open, Esc to close</source>
        <translation>↑↓ で選択、Enter で開く、Esc で閉じる</translation>
    </message>
    <message>
        <source>Cannot search for this: %1</source>
        <translation>この語句では検索できません: %1</translation>
    </message>
    <message>
        <source>No interaction matches.</source>
        <translation>一致するインタラクションはありません。</translation>
    </message>
    <message>
        <source>Found: %1 — Enter opens the chosen one</source>
        <translation>%1 件 — Enter で選んだものを開きます</translation>
    </message>
    <message>
        <source>(offline: only the copy on this computer was searched)</source>
        <translation>(オフライン: このコンピューターのコピーだけを検索しました)</translation>
    </message>
</context>
<context>
    <name>SetupDatabasePage</name>
    <message>
        <source>Routing database</source>
        <translation>ルーティング データベース</translation>
    </message>
    <message>
        <source>Where agentdesk keeps the interactions. On your own, keep the standalone file; in a team, your administrator gives you the address of the shared database.</source>
        <translation>agentdesk がインタラクションを保存する場所です。1 人で使う場合はスタンドアロンのファイルのままで構いません。チームで使う場合は、共有データベースのアドレスを管理者から受け取ってください。</translation>
    </message>
    <message>
        <source>Standalone: an SQLite file on this computer</source>
        <translation>スタンドアロン: このコンピューター上の SQLite ファイル</translation>
    </message>
    <message>
        <source>Team: a shared PostgreSQL database</source>
        <translation>チーム: 共有の PostgreSQL データベース</translation>
    </message>
    <message>
        <source>Database URL</source>
        <translation>データベース URL</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>kept in the system keyring, never in a file</source>
        <translation>ファイルではなくシステムのキーリングに保存されます</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>接続をテスト</translation>
    </message>
</context>
<context>
    <name>SetupMailboxPage</name>
    <message>
        <source>Mailbox</source>
        <translation>メールボックス</translation>
    </message>
    <message>
        <source>The mailbox customers write to. agentdesk fetches it over IMAP and sends your replies over SMTP.</source>
        <translation>お客様がメールを送るメールボックスです。agentdesk は IMAP でメールを取得し、返信を SMTP で送信します。</translation>
    </message>
    <message>
        <source>Connect a mailbox now</source>
        <translation>今すぐメールボックスを接続する</translation>
    </message>
    <message>
        <source>Mailbox name</source>
        <translation>メールボックス名</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <source>Incoming mail (IMAP)</source>
        <translation>受信メール (IMAP)</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>サーバー</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>セキュリティ</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>ポート</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>ユーザー名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>kept in the system keyring</source>
        <translation>システムのキーリングに保存されます</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>フォルダー</translation>
    </message>
    <message>
        <source>Outgoing mail (SMTP)</source>
        <translation>送信メール (SMTP)</translation>
    </message>
    <message>
        <source>Use the IMAP user name and password for SMTP too</source>
        <translation>SMTP にも IMAP のユーザー名とパスワードを使用する</translation>
    </message>
    <message>
        <source>Certificate authority</source>
        <translation>認証局</translation>
    </message>
    <message>
        <source>optional: a company CA file (.pem); certificates are always verified</source>
        <translation>省略可: 社内の CA ファイル (.pem)。証明書は常に検証されます</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>選択…</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>接続をテスト</translation>
    </message>
</context>
<context>
    <name>SetupText</name>
    <message>
        <source>%1 refused the login: check the user name in the URL (your own database login) and the password.</source>
        <translation>%1 がログインを拒否しました: URL のユーザー名 (あなた自身のデータベース ログイン) とパスワードを確認してください。</translation>
    </message>
    <message>
        <source>The certificate of %1 is not trusted or does not match its name: add sslrootcert=FILE (your administrator&apos;s certificate authority) or sslrootcert=system to the URL, and check the server name.</source>
        <translation>%1 の証明書は信頼されていないか、名前が一致しません: URL に sslrootcert=ファイル (管理者の認証局) または sslrootcert=system を加え、サーバー名を確認してください。</translation>
    </message>
    <message>
        <source>The secure connection (TLS) to %1 failed: the server may not offer TLS. Ask your administrator; only for a database on this computer may the URL say sslmode=disable.</source>
        <translation>%1 への安全な接続 (TLS) に失敗しました: サーバーが TLS を提供していない可能性があります。管理者に問い合わせてください。URL に sslmode=disable と書けるのは、このコンピューター上のデータベースだけです。</translation>
    </message>
    <message>
        <source>%1 cannot be reached: nothing answers at that address and port. Check the server name and the port, or whether the server runs.</source>
        <translation>%1 に接続できません: そのアドレスとポートで応答がありません。サーバー名とポート、またはサーバーが動いているかを確認してください。</translation>
    </message>
    <message>
        <source>The server of %1 has no database of that name: check the name at the end of the URL.</source>
        <translation>%1 のサーバーにその名前のデータベースはありません: URL の末尾の名前を確認してください。</translation>
    </message>
    <message>
        <source>This URL is refused for %1: it would not protect the connection.</source>
        <translation>%1 へのこの URL は使えません: 接続が保護されません。</translation>
    </message>
    <message>
        <source>Signed in to %1 as %2, but this login is not a user of agentdesk: it would see nothing. Ask your administrator to declare you in the center file (agentdesk admin apply).</source>
        <translation>%2 として %1 にサインインしましたが、このログインは agentdesk のユーザーではないため、何も表示されません。センター ファイルにあなたを登録するよう管理者に依頼してください (agentdesk admin apply)。</translation>
    </message>
    <message>
        <source>Signed in to %1 as %2, who belongs to no team: an agent or team lead without a team sees nothing. Ask your administrator to give you a team.</source>
        <translation>%2 として %1 にサインインしましたが、どのチームにも所属していません: チームのないエージェントやチームリードには何も表示されません。チームに入れるよう管理者に依頼してください。</translation>
    </message>
    <message>
        <source>The name of %1 could not be found (DNS): check the server name.</source>
        <translation>%1 の名前が見つかりませんでした (DNS)。サーバー名を確認してください。</translation>
    </message>
    <message>
        <source>%1 refused the connection: nothing listens on that port. Check the port and the security.</source>
        <translation>%1 が接続を拒否しました。そのポートでは何も待ち受けていません。ポートとセキュリティを確認してください。</translation>
    </message>
    <message>
        <source>%1 did not answer in time: check the server name, the port and the network.</source>
        <translation>%1 から時間内に応答がありませんでした。サーバー名、ポート、ネットワークを確認してください。</translation>
    </message>
    <message>
        <source>The certificate of %1 is not trusted: give the certificate authority file your administrator uses, or check the server name.</source>
        <translation>%1 の証明書は信頼されていません。管理者が使用している認証局のファイルを指定するか、サーバー名を確認してください。</translation>
    </message>
    <message>
        <source>The secure connection to %1 failed: check the security setting and the port (TLS is usually 993 for IMAP and 465 for SMTP; STARTTLS 143 and 587).</source>
        <translation>%1 への安全な接続に失敗しました。セキュリティの設定とポートを確認してください (TLS は通常 IMAP が 993、SMTP が 465、STARTTLS は 143 と 587)。</translation>
    </message>
    <message>
        <source>%1 does not offer STARTTLS; the password was not sent. Choose TLS, or ask for the right port.</source>
        <translation>%1 は STARTTLS に対応していません。パスワードは送信していません。TLS を選ぶか、正しいポートを確認してください。</translation>
    </message>
    <message>
        <source>%1 refused the user name or the password.</source>
        <translation>%1 がユーザー名またはパスワードを拒否しました。</translation>
    </message>
    <message>
        <source>Signed in to %1, but the folder “%2” does not exist there.</source>
        <translation>%1 にサインインしましたが、フォルダー「%2」がありません。</translation>
    </message>
    <message>
        <source>The connection to %1 failed.</source>
        <translation>%1 への接続に失敗しました。</translation>
    </message>
    <message>
        <source>%1 answered something unexpected.</source>
        <translation>%1 から予期しない応答がありました。</translation>
    </message>
    <message>
        <source>%1 has no agentdesk tables yet: ask your administrator to run “agentdesk db upgrade” on it.</source>
        <translation>%1 にはまだ agentdesk のテーブルがありません。管理者に「agentdesk db upgrade」の実行を依頼してください。</translation>
    </message>
    <message>
        <source>%1 cannot be reached or refused the connection.</source>
        <translation>%1 に接続できないか、接続が拒否されました。</translation>
    </message>
    <message>
        <source>Not signed in for %1: sign in first.</source>
        <translation>%1 にはサインインしていません。先にサインインしてください。</translation>
    </message>
    <message>
        <source>%1 refused the access token of the sign-in: the mailbox, its IMAP or SMTP permission, or the user&apos;s licence may be wrong. Ask your administrator.</source>
        <translation>%1 がサインインのアクセス トークンを拒否しました: メールボックス、その IMAP または SMTP の権限、ユーザーのライセンスに問題がある可能性があります。管理者に問い合わせてください。</translation>
    </message>
    <message>
        <source>The sign-in for %1 failed.</source>
        <translation>%1 のサインインに失敗しました。</translation>
    </message>
    <message>
        <source>(%1)</source>
        <translation>(%1)</translation>
    </message>
    <message>
        <source>IMAP: signed in. Messages in “%1”: %2.</source>
        <translation>IMAP: サインインしました。「%1」のメッセージ数: %2</translation>
    </message>
    <message>
        <source>SMTP: signed in; ready to send.</source>
        <translation>SMTP: サインインしました。送信できます。</translation>
    </message>
</context>
<context>
    <name>SetupUserPage</name>
    <message>
        <source>Who you are</source>
        <translation>あなたについて</translation>
    </message>
    <message>
        <source>agentdesk signs you in as one of the users of the routing database.</source>
        <translation>agentdesk はルーティング データベースのユーザーとしてサインインします。</translation>
    </message>
    <message>
        <source>Sign in as</source>
        <translation>サインインするユーザー</translation>
    </message>
    <message>
        <source>User</source>
        <translation>ユーザー</translation>
    </message>
    <message>
        <source>Create the first user</source>
        <translation>最初のユーザーを作成</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>ログイン</translation>
    </message>
    <message>
        <source>e.g. sato</source>
        <translation>例: sato</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>as customers see it in signatures</source>
        <translation>署名でお客様に表示される名前</translation>
    </message>
    <message>
        <source>Email address</source>
        <translation>メール アドレス</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>役割</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>チーム</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Set up agentdesk</source>
        <translation>agentdesk のセットアップ</translation>
    </message>
    <message>
        <source>The settings could not be saved: %1</source>
        <translation>設定を保存できませんでした: %1</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Lists and dialogs</source>
        <translation>一覧とダイアログ</translation>
    </message>
    <message>
        <source>Outbound email window</source>
        <translation>送信メール ウィンドウ</translation>
    </message>
    <message>
        <source>Open the chosen interaction (a draft or rejected reply: to go on writing it)</source>
        <translation>選んだインタラクションを開く (ドラフトや不合格の返信は続きを書く)</translation>
    </message>
    <message>
        <source>Next / previous control</source>
        <translation>次 / 前のコントロール</translation>
    </message>
    <message>
        <source>Close a dialog, the palette or the search</source>
        <translation>ダイアログ、パレット、検索を閉じる</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>ドラフトを保存</translation>
    </message>
    <message>
        <source>Close the window, keeping the draft</source>
        <translation>ドラフトを残してウィンドウを閉じる</translation>
    </message>
    <message>
        <source>Bold / italic / underline</source>
        <translation>太字 / 斜体 / 下線</translation>
    </message>
    <message>
        <source>Bulleted / numbered list, quote</source>
        <translation>箇条書き / 番号付きリスト、引用</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>リンク</translation>
    </message>
    <message>
        <source>Clear formatting</source>
        <translation>書式をクリア</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>その他</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>キーボード ショートカット</translation>
    </message>
    <message>
        <source>Filter: part of a name or a key…</source>
        <translation>絞り込み: 名前やキーの一部…</translation>
    </message>
    <message>
        <source>Filter the shortcuts</source>
        <translation>ショートカットを絞り込む</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>キー</translation>
    </message>
    <message>
        <source>menu: %1</source>
        <translation>メニュー: %1</translation>
    </message>
</context>
<context>
    <name>SignInAgainDialog</name>
    <message>
        <source>Sign in again — %1</source>
        <translation>再サインイン — %1</translation>
    </message>
    <message>
        <source>The mail provider (%1) no longer accepts the sign-in of mailbox “%2” (%3). Until someone signs in again, no mail is fetched and replies wait in the outbox; they go out once after you sign in.</source>
        <translation>メール プロバイダー (%1) がメールボックス「%2」(%3) のサインインを受け付けなくなりました。再サインインするまでメールは取得されず、返信は送信トレイで待機します。サインインすると一度だけ送信されます。</translation>
    </message>
    <message>
        <source>The provider said: %1</source>
        <translation>プロバイダーの応答: %1</translation>
    </message>
    <message>
        <source>Microsoft</source>
        <translation>Microsoft</translation>
    </message>
    <message>
        <source>Google</source>
        <translation>Google</translation>
    </message>
    <message>
        <source>the provider</source>
        <translation>プロバイダー</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in</source>
        <extracomment>the worker&apos;s job: (login, password) → SignedIn, raising CheckFailed</extracomment>
        <translation>サインイン</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>ユーザーの切り替え</translation>
    </message>
    <message>
        <source>The database did not take the password kept for %1. Type your database password; it is kept in the system keyring.</source>
        <translation>データベースが %1 の保存済みパスワードを受け付けませんでした。データベースのパスワードを入力してください。システムのキーリングに保存されます。</translation>
    </message>
    <message>
        <source>Sign in to the team database as another user, with their own login and password. This desktop&apos;s copy of your work is deleted and your password forgotten here.</source>
        <translation>別のユーザーとして、そのユーザー自身のログインとパスワードでチームのデータベースにサインインします。このデスクトップにあるあなたの作業のコピーは削除され、ここに保存されたパスワードも消去されます。</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>ログイン(&amp;L):</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>パスワード(&amp;P):</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>ログイン</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>Type the login of the user to sign in as.</source>
        <translation>サインインするユーザーのログインを入力してください。</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>サインインしています…</translation>
    </message>
</context>
<context>
    <name>SnoozeDialog</name>
    <message>
        <source>Snooze until</source>
        <translation>スヌーズの終了日時</translation>
    </message>
    <message>
        <source>&amp;Back in My interactions on:</source>
        <translation>マイ インタラクションに戻す日時(&amp;B):</translation>
    </message>
    <message>
        <source>That time has passed: choose a time to come.</source>
        <translation>その日時は過ぎています。これからの日時を選んでください。</translation>
    </message>
</context>
<context>
    <name>TagsDialog</name>
    <message>
        <source>Tags</source>
        <translation>タグ</translation>
    </message>
    <message>
        <source>Tags on this interaction (untick to remove):</source>
        <translation>このインタラクションのタグ (チェックを外すと削除):</translation>
    </message>
    <message>
        <source>No tags yet.</source>
        <translation>タグはまだありません。</translation>
    </message>
    <message>
        <source>&amp;Add tags:</source>
        <translation>タグを追加(&amp;A):</translation>
    </message>
    <message>
        <source>e.g. vip, billing — commas between tags</source>
        <translation>例: vip, 請求 — タグはカンマ (、) で区切る</translation>
    </message>
    <message>
        <source>Tags to add</source>
        <translation>追加するタグ</translation>
    </message>
    <message>
        <source>Not a tag: %1</source>
        <translation>タグにできません: %1</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>チーム</translation>
    </message>
    <message>
        <source>Transfer to an agent</source>
        <translation>エージェントに転送</translation>
    </message>
    <message>
        <source>To an agent</source>
        <translation>エージェントへ</translation>
    </message>
    <message>
        <source>To a team</source>
        <translation>チームへ</translation>
    </message>
    <message>
        <source>Search team members…</source>
        <translation>チーム メンバーを検索…</translation>
    </message>
    <message>
        <source>Search team members</source>
        <translation>チーム メンバーを検索</translation>
    </message>
    <message>
        <source>Team members</source>
        <translation>チーム メンバー</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>optional, shown to the target</source>
        <translation>任意、転送先に表示されます</translation>
    </message>
</context>
<context>
    <name>UserPage</name>
    <message>
        <source>Agent</source>
        <translation>エージェント</translation>
    </message>
    <message>
        <source>Team lead</source>
        <translation>チームリード</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理者</translation>
    </message>
    <message>
        <source>Your database login decides who you are here; to work as someone else, sign in with their login.</source>
        <translation>ここでのあなたはデータベース ログインで決まります。別の人として作業するには、その人のログインでサインインしてください。</translation>
    </message>
    <message>
        <source>The new standalone database has nobody yet: you are its first user. Your team gets the mailbox&apos;s mail.</source>
        <translation>新しいスタンドアロン データベースにはまだ誰もいません。あなたが最初のユーザーです。メールボックスのメールはあなたのチームに届きます。</translation>
    </message>
    <message>
        <source>This database has no users yet. Your administrator declares them in the center file (agentdesk admin apply).</source>
        <translation>このデータベースにはまだユーザーがいません。管理者がセンター ファイルで登録します (agentdesk admin apply)。</translation>
    </message>
    <message>
        <source>Fill in: %1.</source>
        <translation>入力してください: %1</translation>
    </message>
    <message>
        <source>This user cannot be created: %1</source>
        <translation>このユーザーは作成できません: %1</translation>
    </message>
</context>
<context>
    <name>WorkbinsPanel</name>
    <message>
        <source>Workbin</source>
        <translation>作業ボックス</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>件名</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(件名なし)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>View</source>
        <translation>ビュー</translation>
    </message>
    <message>
        <source>Workbins</source>
        <translation>作業ボックス</translation>
    </message>
    <message>
        <source>Items in the workbin</source>
        <translation>作業ボックス内の項目</translation>
    </message>
    <message>
        <source>In this workbin</source>
        <translation>この作業ボックスの項目</translation>
    </message>
    <message>
        <source>Pull</source>
        <translation>取り出す</translation>
    </message>
    <message>
        <source>Take the chosen item out of its workbin</source>
        <translation>選んだ項目を作業ボックスから取り出します</translation>
    </message>
    <message>
        <source>Move to</source>
        <translation>移動先</translation>
    </message>
    <message>
        <source>Move the chosen item to another workbin</source>
        <translation>選んだ項目を別の作業ボックスに移動します</translation>
    </message>
    <message>
        <source>Move to another workbin</source>
        <translation>別の作業ボックスに移動</translation>
    </message>
    <message>
        <source>Delete draft</source>
        <translation>ドラフトを削除</translation>
    </message>
    <message>
        <source>Delete the chosen draft</source>
        <translation>選んだドラフトを削除します</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>ビュー</translation>
    </message>
    <message>
        <source>Saved views</source>
        <translation>保存したビュー</translation>
    </message>
    <message>
        <source>Delete the chosen view</source>
        <translation>選んだビューを削除</translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation>ドラフト</translation>
    </message>
    <message>
        <source>In Progress</source>
        <translation>進行中</translation>
    </message>
    <message>
        <source>My workbin</source>
        <translation>マイ作業ボックス</translation>
    </message>
    <message>
        <source>Auto-filed</source>
        <translation>自動振り分け</translation>
    </message>
    <message>
        <source>Team: %1</source>
        <translation>チーム: %1</translation>
    </message>
    <message>
        <source>Delete the draft “%1”? What it says is lost.</source>
        <translation>ドラフト「%1」を削除しますか? 内容は失われます。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
</context>
</TS>
