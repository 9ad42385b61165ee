<?xml version='1.0' encoding='utf-8'?>
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
        <source>The contact-center agent's desktop for customer email: reply, forward, transfer, consult, review.</source>
        <translation>コンタクト センターのエージェントのためのメール デスクトップ: 返信、転送、エージェントに転送、コンサルテーション、QA 検査。</translation>
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
        <source>Customer's email</source>
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
        <source>Reviewer's note</source>
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
        <source>Case data</source>
        <translation>ケース データ</translation>
    </message>
    <message>
        <source>QA review</source>
        <translation>QA 検査</translation>
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
        <source>%1 — reviewer's note: %2</source>
        <translation>%1 — 検査担当者のメモ: %2</translation>
    </message>
    <message>
        <source>This interaction's case has no data.</source>
        <translation>このインタラクションのケースにはデータがありません。</translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <source>Command palette</source>
        <translation>コマンド パレット</translation>
    </message>
    <message>
        <source>Type a command…</source>
        <translation>コマンド名を入力…</translation>
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
</context>
<context>
    <name>ComposeWindow</name>
    <message>
        <source>Outbound email — %1</source>
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
        <source>Forward instructions</source>
        <translation>転送指示</translation>
    </message>
    <message>
        <source>addresses, separated by commas</source>
        <translation>メール アドレス (カンマ区切り)</translation>
    </message>
    <message>
        <source>Enter forward instructions</source>
        <translation>転送指示を入力</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>本文</translation>
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
        <source>Save draft (%1)</source>
        <translation>ドラフトを保存 (%1)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Standard response</source>
        <translation>標準応答</translation>
    </message>
    <message>
        <source>Insert</source>
        <translation>挿入</translation>
    </message>
    <message>
        <source>Insert the standard response, its fields filled</source>
        <translation>フィールドを埋めた標準応答を挿入します</translation>
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
        <source>Check before sending</source>
        <translation>送信前の確認</translation>
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
        <source>Attachments</source>
        <translation>添付ファイル</translation>
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
        <source>(no subject)</source>
        <translation>(件名なし)</translation>
    </message>
    <message>
        <source>… show quoted text (%1 lines)</source>
        <translation>… 引用を表示 (%1 行)</translation>
    </message>
    <message>
        <source>hide quoted text</source>
        <translation>引用を隠す</translation>
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
        <source>the external resource's address</source>
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
        <source>Note added</source>
        <translation>メモを追加</translation>
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
</context>
<context>
    <name>InteractionCommands</name>
    <message>
        <source>Reply</source>
        <extracomment>the commands of this module, in toolbar order commands reached from menus and the palette but not given their own toolbar button hands a tel: URI to the workstation's telephony (the OS's URL handler)</extracomment>
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
        <source>My workbin</source>
        <translation>マイ作業ボックス</translation>
    </message>
    <message>
        <source>Team: %1</source>
        <translation>チーム: %1</translation>
    </message>
</context>
<context>
    <name>InteractionTableModel</name>
    <message>
        <source>Subject</source>
        <extracomment>fetch_ids(ctx) -&gt; list[int]; fetch_summaries(ctx, ids) -&gt; list of InteractionSummary</extracomment>
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
        <source>(no subject)</source>
        <translation>(件名なし)</translation>
    </message>
</context>
<context>
    <name>InteractionsPanel</name>
    <message>
        <source>My interactions</source>
        <translation>マイ インタラクション</translation>
    </message>
    <message>
        <source>Nothing assigned to you right now.
New interactions appear here as they are routed to you.</source>
        <translation>現在割り当てられているインタラクションはありません。
新しいインタラクションが割り当てられると、ここに表示されます。</translation>
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
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>agentdesk — %1</source>
        <extracomment>how often the lists are brought up to date with the routing database</extracomment>
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
        <source>Find any command by name</source>
        <translation>名前でコマンドを探します</translation>
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
        <source>Reset layout</source>
        <translation>レイアウトをリセット</translation>
    </message>
    <message>
        <source>Put every panel back where it started</source>
        <translation>すべてのパネルを最初の位置に戻します</translation>
    </message>
    <message>
        <source>About agentdesk</source>
        <translation>agentdesk について</translation>
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
        <source>No notes yet.</source>
        <translation>メモはまだありません。</translation>
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
    <name>PreferencesDialog</name>
    <message>
        <source>Language</source>
        <translation>言語</translation>
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
    <name>SetupDialog</name>
    <message>
        <source>This is not a database URL. It looks like postgresql+psycopg://USER@HOST/DATABASE.</source>
        <translation>データベース URL ではありません。postgresql+psycopg://ユーザー@ホスト/データベース の形式で入力してください。</translation>
    </message>
    <message>
        <source>A team database is PostgreSQL: the URL starts with postgresql+psycopg://.</source>
        <translation>チームのデータベースは PostgreSQL です。URL は postgresql+psycopg:// で始まります。</translation>
    </message>
    <message>
        <source>Leave the password out of the URL: type it in the Password field.</source>
        <translation>URL にパスワードを含めないでください。パスワード欄に入力してください。</translation>
    </message>
    <message>
        <source>Type your login.</source>
        <translation>ログイン名を入力してください。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>確認中…</translation>
    </message>
    <message>
        <source>This database has no agentdesk tables yet: ask your administrator to run “agentdesk db upgrade” on it.</source>
        <translation>このデータベースにはまだ agentdesk のテーブルがありません。管理者に「agentdesk db upgrade」の実行を依頼してください。</translation>
    </message>
    <message>
        <source>The database knows no active user with the login “%1”. Your administrator declares users in the center file (agentdesk admin apply).</source>
        <translation>ログイン名「%1」の有効なユーザーはデータベースにありません。ユーザーは管理者がセンター ファイルで登録します (agentdesk admin apply)。</translation>
    </message>
    <message>
        <source>The database cannot be reached: %1</source>
        <translation>データベースに接続できません: %1</translation>
    </message>
    <message>
        <source>The database could not be checked: %1</source>
        <translation>データベースを確認できませんでした: %1</translation>
    </message>
    <message>
        <source>The settings could not be saved: %1</source>
        <translation>設定を保存できませんでした: %1</translation>
    </message>
    <message>
        <source>Set up agentdesk</source>
        <translation>agentdesk のセットアップ</translation>
    </message>
    <message>
        <source>Welcome to agentdesk</source>
        <translation>agentdesk へようこそ</translation>
    </message>
    <message>
        <source>Tell agentdesk where the routing database is and who you are. You can change this later in the settings file.</source>
        <translation>ルーティング データベースの場所とあなたのログイン名を指定してください。あとで設定ファイルで変更できます。</translation>
    </message>
    <message>
        <source>Routing database</source>
        <translation>ルーティング データベース</translation>
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
        <source>postgresql+psycopg://sato@db.example.com/agentdesk</source>
        <translation>postgresql+psycopg://sato@db.example.com/agentdesk</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>kept in the system keyring, never in a file</source>
        <translation>システムのキーリングに保存され、ファイルには書き込まれません</translation>
    </message>
    <message>
        <source>Who you are</source>
        <translation>あなたについて</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>ログイン名</translation>
    </message>
    <message>
        <source>the login your administrator gave you, e.g. sato</source>
        <translation>管理者から伝えられたログイン名 (例: sato)</translation>
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
        <source>Team: %1</source>
        <translation>チーム: %1</translation>
    </message>
</context>
</TS>