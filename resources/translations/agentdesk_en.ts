<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>About agentdesk</source>
        <translation>About agentdesk</translation>
    </message>
    <message>
        <source>agentdesk</source>
        <translation>agentdesk</translation>
    </message>
    <message>
        <source>The contact-center agent's desktop for customer email: reply, forward, transfer, consult, review.</source>
        <translation>The contact-center agent's desktop for customer email: reply, forward, transfer, consult, review.</translation>
    </message>
</context>
<context>
    <name>AddressField</name>
    <message>
        <source>To…</source>
        <translation>To…</translation>
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
        <translation>Find addresses in contact search</translation>
    </message>
    <message>
        <source>Remove this field</source>
        <translation>Remove this field</translation>
    </message>
    <message>
        <source>addresses, separated by commas</source>
        <translation>addresses, separated by commas</translation>
    </message>
</context>
<context>
    <name>AddressPicker</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Add addresses: %1</source>
        <translation>Add addresses: %1</translation>
    </message>
    <message>
        <source>Search contacts and team members…</source>
        <translation>Search contacts and team members…</translation>
    </message>
    <message>
        <source>Search contacts and team members</source>
        <translation>Search contacts and team members</translation>
    </message>
    <message>
        <source>Contact directory</source>
        <translation>Contact directory</translation>
    </message>
    <message>
        <source>Internal team</source>
        <translation>Internal team</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Add</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>agentdesk cannot start</source>
        <translation>agentdesk cannot start</translation>
    </message>
    <message>
        <source>Signing in as %1 failed: %2</source>
        <translation>Signing in as %1 failed: %2</translation>
    </message>
</context>
<context>
    <name>ApprovalPanel</name>
    <message>
        <source>Subject</source>
        <extracomment>an unchanged run at most this long between two changes is folded into them, so a rewritten sentence reads as one struck-out sentence followed by one new sentence, not as words interleaved below this width the queue goes above the email and the reply instead of beside them</extracomment>
        <translation>Subject</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(no subject)</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>Approval</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>Waiting for approval</translation>
    </message>
    <message>
        <source>Customer's email</source>
        <translation>Customer's email</translation>
    </message>
    <message>
        <source>Reply (changes since the previous round marked)</source>
        <translation>Reply (changes since the previous round marked)</translation>
    </message>
    <message>
        <source>Note for the agent (needed to reject)</source>
        <translation>Note for the agent (needed to reject)</translation>
    </message>
    <message>
        <source>Reviewer's note</source>
        <translation>Reviewer's note</translation>
    </message>
    <message>
        <source>Edited reply</source>
        <translation>Edited reply</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Reject</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Approve edited</source>
        <translation>Approve edited</translation>
    </message>
</context>
<context>
    <name>AttachmentList</name>
    <message>
        <source>a program that runs when opened</source>
        <translation>a program that runs when opened</translation>
    </message>
    <message>
        <source>two file extensions: it may not be what its name says</source>
        <translation>two file extensions: it may not be what its name says</translation>
    </message>
    <message>
        <source>its name hides its real extension (right-to-left override)</source>
        <translation>its name hides its real extension (right-to-left override)</translation>
    </message>
    <message>
        <source>Attachments</source>
        <extracomment>hands a file to the OS's default application (replaced in tests)</extracomment>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Open a copy with the program your computer uses for this kind of file</source>
        <translation>Open a copy with the program your computer uses for this kind of file</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Save…</translation>
    </message>
    <message>
        <source>Save the attachment to a folder of your choice</source>
        <translation>Save the attachment to a folder of your choice</translation>
    </message>
    <message>
        <source>Open a flagged attachment?</source>
        <translation>Open a flagged attachment?</translation>
    </message>
    <message>
        <source>“%1” may be dangerous:
%2

Open it only if you trust the sender and expected this file.</source>
        <translation>“%1” may be dangerous:
%2

Open it only if you trust the sender and expected this file.</translation>
    </message>
    <message>
        <source>Open anyway</source>
        <translation>Open anyway</translation>
    </message>
    <message>
        <source>The copy to open could not be written on this computer (%1).</source>
        <translation>The copy to open could not be written on this computer (%1).</translation>
    </message>
    <message>
        <source>The copy to open was removed before it could be opened (an antivirus program may have taken it).</source>
        <translation>The copy to open was removed before it could be opened (an antivirus program may have taken it).</translation>
    </message>
    <message>
        <source>This computer has no program that opens this kind of file, or it refused to open it.</source>
        <translation>This computer has no program that opens this kind of file, or it refused to open it.</translation>
    </message>
    <message>
        <source>Cannot open the attachment</source>
        <translation>Cannot open the attachment</translation>
    </message>
    <message>
        <source>“%1” could not be opened. %2

You can save it and open it from there.</source>
        <translation>“%1” could not be opened. %2

You can save it and open it from there.</translation>
    </message>
    <message>
        <source>Save attachment</source>
        <translation>Save attachment</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>The attachment could not be saved to %1: %2</source>
        <translation>The attachment could not be saved to %1: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
</context>
<context>
    <name>CaseDataPanel</name>
    <message>
        <source>Key</source>
        <extracomment>edit(ctx, interaction_id, key, value) -&gt; anything: the action that changes one value</extracomment>
        <translation>Key</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Read-only</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Waiting for the database (see Waiting actions)</source>
        <translation>Waiting for the database (see Waiting actions)</translation>
    </message>
    <message>
        <source>Case data</source>
        <translation>Case data</translation>
    </message>
    <message>
        <source>QA review</source>
        <translation>QA review</translation>
    </message>
    <message>
        <source>Offline — cached copy. Changes wait for the database.</source>
        <translation>Offline — cached copy. Changes wait for the database.</translation>
    </message>
    <message>
        <source>The case data of the open interaction shows here.</source>
        <translation>The case data of the open interaction shows here.</translation>
    </message>
    <message>
        <source>Waiting for review</source>
        <translation>Waiting for review</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Edited and approved by the reviewer</source>
        <translation>Edited and approved by the reviewer</translation>
    </message>
    <message>
        <source>%1 — reviewer's note: %2</source>
        <translation>%1 — reviewer's note: %2</translation>
    </message>
    <message>
        <source>This interaction's case has no data.</source>
        <translation>This interaction's case has no data.</translation>
    </message>
    <message>
        <source>The database cannot be reached: the change of %1 waits under Waiting actions.</source>
        <translation>The database cannot be reached: the change of %1 waits under Waiting actions.</translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <source>Command palette</source>
        <extracomment>a palette row that opens an interaction carries its id in this role (command rows carry their key in UserRole)</extracomment>
        <translation>Command palette</translation>
    </message>
    <message>
        <source>Type a command, a subject, a contact or #id…</source>
        <translation>Type a command, a subject, a contact or #id…</translation>
    </message>
    <message>
        <source>Command name</source>
        <translation>Command name</translation>
    </message>
    <message>
        <source>Matching commands</source>
        <translation>Matching commands</translation>
    </message>
    <message>
        <source>↑↓ to choose, Enter to run, Esc to close</source>
        <translation>↑↓ to choose, Enter to run, Esc to close</translation>
    </message>
    <message>
        <source>Not available now</source>
        <translation>Not available now</translation>
    </message>
    <message>
        <source>Open: %1</source>
        <translation>Open: %1</translation>
    </message>
</context>
<context>
    <name>ComposeAttachments</name>
    <message>
        <source>Attach…</source>
        <extracomment>the largest file the window offers to attach (the action checks the whole message too)</extracomment>
        <translation>Attach…</translation>
    </message>
    <message>
        <source>Attach files (or drop them on the window)</source>
        <translation>Attach files (or drop them on the window)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Attach files</translation>
    </message>
</context>
<context>
    <name>ComposeWindow</name>
    <message>
        <source>Outbound email — %1</source>
        <extracomment>how soon after a key the local cache gets the draft (X7: never more than a second behind) how long after handing text to the local cache the window looks whether it could be saved</extracomment>
        <translation>Outbound email — %1</translation>
    </message>
    <message>
        <source>Outbound email</source>
        <translation>Outbound email</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>CC</source>
        <translation>CC</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>BCC</source>
        <translation>BCC</translation>
    </message>
    <message>
        <source>Forward instructions</source>
        <translation>Forward instructions</translation>
    </message>
    <message>
        <source>Add CC</source>
        <translation>Add CC</translation>
    </message>
    <message>
        <source>Add BCC</source>
        <translation>Add BCC</translation>
    </message>
    <message>
        <source>Note for this email (not sent)…</source>
        <translation>Note for this email (not sent)…</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Add note</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Disposition</translation>
    </message>
    <message>
        <source>Forwarded email</source>
        <translation>Forwarded email</translation>
    </message>
    <message>
        <source>Save draft (%1); %2 or %3 closes the window and keeps the draft</source>
        <translation>Save draft (%1); %2 or %3 closes the window and keeps the draft</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>The reviewer rejected this reply: “%1”</source>
        <translation>The reviewer rejected this reply: “%1”</translation>
    </message>
    <message>
        <source>The reviewer rejected this reply.</source>
        <translation>The reviewer rejected this reply.</translation>
    </message>
    <message>
        <source>Restored what you typed before it reached Drafts</source>
        <translation>Restored what you typed before it reached Drafts</translation>
    </message>
    <message>
        <source>Not saved on this computer: %1</source>
        <translation>Not saved on this computer: %1</translation>
    </message>
    <message>
        <source>Saved on this computer again</source>
        <translation>Saved on this computer again</translation>
    </message>
    <message>
        <source>The database cannot be reached: the email will be sent when it is back (see Waiting actions)</source>
        <translation>The database cannot be reached: the email will be sent when it is back (see Waiting actions)</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Attached unchanged, as the original message (.eml)</source>
        <translation>Attached unchanged, as the original message (.eml)</translation>
    </message>
    <message>
        <source>Disposition set</source>
        <translation>Disposition set</translation>
    </message>
    <message>
        <source>Note added</source>
        <translation>Note added</translation>
    </message>
    <message>
        <source>Enter forward instructions</source>
        <translation>Enter forward instructions</translation>
    </message>
    <message>
        <source>Complete forward</source>
        <translation>Complete forward</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>Save draft</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Fields to fill: %1</source>
        <translation>Fields to fill: %1</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>The email holds no text of your own (only a quote or a signature, if anything) and nothing is attached.</source>
        <translation>The email holds no text of your own (only a quote or a signature, if anything) and nothing is attached.</translation>
    </message>
    <message>
        <source>Check before sending</source>
        <translation>Check before sending</translation>
    </message>
    <message>
        <source>Send an empty reply?</source>
        <translation>Send an empty reply?</translation>
    </message>
    <message>
        <source>Send an empty email?</source>
        <translation>Send an empty email?</translation>
    </message>
    <message>
        <source>Send anyway</source>
        <translation>Send anyway</translation>
    </message>
</context>
<context>
    <name>ConsultationPanel</name>
    <message>
        <source>Consultation</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <source>With</source>
        <translation>With</translation>
    </message>
    <message>
        <source>Team member to consult</source>
        <translation>Team member to consult</translation>
    </message>
    <message>
        <source>Consultation message</source>
        <translation>Consultation message</translation>
    </message>
    <message>
        <source>Close consultation</source>
        <translation>Close consultation</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Start consultation</source>
        <translation>Start consultation</translation>
    </message>
    <message>
        <source>Write to your colleague…</source>
        <translation>Write to your colleague…</translation>
    </message>
    <message>
        <source>Ask a team member about this interaction…</source>
        <translation>Ask a team member about this interaction…</translation>
    </message>
    <message>
        <source>The consultation is closed.</source>
        <translation>The consultation is closed.</translation>
    </message>
</context>
<context>
    <name>ContactsPanel</name>
    <message>
        <source>Name</source>
        <extracomment>the reads with the desk's offline policy: offline, the contacts this desktop's cache keeps</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Presence</source>
        <translation>Presence</translation>
    </message>
    <message>
        <source>Contact search</source>
        <translation>Contact search</translation>
    </message>
    <message>
        <source>Search contacts and team members…</source>
        <translation>Search contacts and team members…</translation>
    </message>
    <message>
        <source>Search contacts and team members</source>
        <translation>Search contacts and team members</translation>
    </message>
    <message>
        <source>Contact directory</source>
        <translation>Contact directory</translation>
    </message>
    <message>
        <source>Internal team</source>
        <translation>Internal team</translation>
    </message>
    <message>
        <source>Offline — cached copy of the contact directory. The internal team shows when the database is back.</source>
        <translation>Offline — cached copy of the contact directory. The internal team shows when the database is back.</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Not ready</source>
        <translation>Not ready</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>New email to %1</source>
        <translation>New email to %1</translation>
    </message>
    <message>
        <source>New email</source>
        <translation>New email</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Call</translation>
    </message>
</context>
<context>
    <name>DatabasePage</name>
    <message>
        <source>Type the database URL your administrator gave you.</source>
        <translation>Type the database URL your administrator gave you.</translation>
    </message>
    <message>
        <source>This is not a database URL. It looks like postgresql+psycopg://USER@HOST/DATABASE.</source>
        <translation>This is not a database URL. It looks like postgresql+psycopg://USER@HOST/DATABASE.</translation>
    </message>
    <message>
        <source>A team database is PostgreSQL: the URL starts with postgresql+psycopg://.</source>
        <translation>A team database is PostgreSQL: the URL starts with postgresql+psycopg://.</translation>
    </message>
    <message>
        <source>Leave the password out of the URL: type it in the Password field.</source>
        <translation>Leave the password out of the URL: type it in the Password field.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Connected: signed in as %1 (%2).</source>
        <translation>Connected: signed in as %1 (%2).</translation>
    </message>
    <message>
        <source>Connected: %1 users.</source>
        <translation>Connected: %1 users.</translation>
    </message>
    <message>
        <source>Ready: a new standalone database. Next, create its first user.</source>
        <translation>Ready: a new standalone database. Next, create its first user.</translation>
    </message>
    <message>
        <source>Connected, but nobody is declared yet: ask your administrator to declare the users (agentdesk admin apply).</source>
        <translation>Connected, but nobody is declared yet: ask your administrator to declare the users (agentdesk admin apply).</translation>
    </message>
    <message>
        <source>the database</source>
        <translation>the database</translation>
    </message>
</context>
<context>
    <name>DemoDesk</name>
    <message>
        <source>Demo: invented data</source>
        <translation>Demo: invented data</translation>
    </message>
    <message>
        <source>Everything here is made up; mail stays on this computer</source>
        <translation>Everything here is made up; mail stays on this computer</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>Switch user</translation>
    </message>
    <message>
        <source>Signing in as %1 failed: %2</source>
        <translation>Signing in as %1 failed: %2</translation>
    </message>
    <message>
        <source>A customer has written; the email appears in a moment</source>
        <translation>A customer has written; the email appears in a moment</translation>
    </message>
    <message>
        <source>This is a demo of agentdesk: an invented contact center whose customers write about once a minute. Its mail servers run inside agentdesk on this computer (IMAP on 127.0.0.1:%1, SMTP on 127.0.0.1:%2); nothing is sent to the internet, and your own settings, passwords and data are not touched.

Replies to customers are delivered to the mailbox "%3" (password %4), which any mail program can open while the demo runs.

Everything is kept in %5. Run "agentdesk demo --reset" to start over.</source>
        <translation>This is a demo of agentdesk: an invented contact center whose customers write about once a minute. Its mail servers run inside agentdesk on this computer (IMAP on 127.0.0.1:%1, SMTP on 127.0.0.1:%2); nothing is sent to the internet, and your own settings, passwords and data are not touched.

Replies to customers are delivered to the mailbox "%3" (password %4), which any mail program can open while the demo runs.

Everything is kept in %5. Run "agentdesk demo --reset" to start over.</translation>
    </message>
    <message>
        <source>About this demo</source>
        <translation>About this demo</translation>
    </message>
</context>
<context>
    <name>DemoMenu</name>
    <message>
        <source>agent</source>
        <translation>agent</translation>
    </message>
    <message>
        <source>team lead</source>
        <translation>team lead</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>administrator</translation>
    </message>
    <message>
        <source>&amp;Demo</source>
        <translation>&amp;Demo</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>Switch user</translation>
    </message>
    <message>
        <source>Sign in again as another user of the demo contact center</source>
        <translation>Sign in again as another user of the demo contact center</translation>
    </message>
    <message>
        <source>A customer writes now</source>
        <translation>A customer writes now</translation>
    </message>
    <message>
        <source>About this demo…</source>
        <translation>About this demo…</translation>
    </message>
</context>
<context>
    <name>Desk</name>
    <message>
        <source>agentdesk cannot start</source>
        <translation>agentdesk cannot start</translation>
    </message>
    <message>
        <source>%1: %2 drafts not saved to the database, %3 actions waiting for it</source>
        <translation>%1: %2 drafts not saved to the database, %3 actions waiting for it</translation>
    </message>
    <message>
        <source>Sign in as %1</source>
        <translation>Sign in as %1</translation>
    </message>
    <message>
        <source>This computer keeps one user's work at a time. Signing in as %1 deletes what another user left here and never reached the database:</source>
        <translation>This computer keeps one user's work at a time. Signing in as %1 deletes what another user left here and never reached the database:</translation>
    </message>
    <message>
        <source>To keep it, cancel and let that user sign in here first.</source>
        <translation>To keep it, cancel and let that user sign in here first.</translation>
    </message>
    <message>
        <source>Delete it and sign in</source>
        <translation>Delete it and sign in</translation>
    </message>
    <message>
        <source>the database</source>
        <translation>the database</translation>
    </message>
    <message>
        <source>The settings file %1 signs in as %2, but the database login of its URL (%3) is the login of %4. Each user signs in with their own database login: put %4 in [user] login, or the login of %2 in the URL.</source>
        <translation>The settings file %1 signs in as %2, but the database login of its URL (%3) is the login of %4. Each user signs in with their own database login: put %4 in [user] login, or the login of %2 in the URL.</translation>
    </message>
    <message>
        <source>The settings file %1 names no user ([user] login), and its database login is not a user's.</source>
        <translation>The settings file %1 names no user ([user] login), and its database login is not a user's.</translation>
    </message>
    <message>
        <source>Signing in as %1 failed: %2</source>
        <translation>Signing in as %1 failed: %2</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>Switch user</translation>
    </message>
    <message>
        <source>Signing in failed: %1</source>
        <translation>Signing in failed: %1</translation>
    </message>
</context>
<context>
    <name>DeskNotifier</name>
    <message>
        <source>Show agentdesk</source>
        <translation>Show agentdesk</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>DeskPresence</name>
    <message>
        <source>%1 (writing)</source>
        <extracomment>how often the others' presence is read interactions answered in an open outbound window (announced as "writing")</extracomment>
        <translation>%1 (writing)</translation>
    </message>
</context>
<context>
    <name>Display</name>
    <message>
        <source>Queued</source>
        <translation>Queued</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>Assigned</translation>
    </message>
    <message>
        <source>In a workbin</source>
        <translation>In a workbin</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>In review</source>
        <translation>In review</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Needs attention</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>QA review</source>
        <extracomment>the case data key the QA review status is kept under (agentdesk.actions.queries.QA_KEY)</extracomment>
        <translation>QA review</translation>
    </message>
    <message>
        <source>Waiting for review</source>
        <translation>Waiting for review</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Withdrawn from review</source>
        <translation>Withdrawn from review</translation>
    </message>
    <message>
        <source>Sent?</source>
        <extracomment>the outbox states that need the agent: the connection broke mid-send (``uncertain``), or it failed</extracomment>
        <translation>Sent?</translation>
    </message>
    <message>
        <source>team %1</source>
        <translation>team %1</translation>
    </message>
    <message>
        <source>Transfer pending → %1</source>
        <translation>Transfer pending → %1</translation>
    </message>
    <message>
        <source>Offered to %1; it stays yours until they accept. Without an answer the offer ends at %2.</source>
        <translation>Offered to %1; it stays yours until they accept. Without an answer the offer ends at %2.</translation>
    </message>
    <message>
        <source>Follow-up due</source>
        <translation>Follow-up due</translation>
    </message>
    <message>
        <source>Snoozed until %1</source>
        <translation>Snoozed until %1</translation>
    </message>
    <message>
        <source>The connection was lost while sending: decide whether it was sent</source>
        <extracomment>the colour of the "follow-up due" mark (amber: it wants the agent, it is not late)</extracomment>
        <translation>The connection was lost while sending: decide whether it was sent</translation>
    </message>
    <message>
        <source>now</source>
        <translation>now</translation>
    </message>
    <message>
        <source>%1m</source>
        <translation>%1m</translation>
    </message>
    <message>
        <source>%1h</source>
        <translation>%1h</translation>
    </message>
    <message>
        <source>%1d</source>
        <translation>%1d</translation>
    </message>
</context>
<context>
    <name>EmailPanel</name>
    <message>
        <source>Email interaction</source>
        <extracomment>the body is never squeezed below this (a 1024×700 window gives it far more: the side panels give way) the desk's services: its reads fall back to this desktop's cache offline, and the body shown is kept there for the offline view (None: online only, nothing kept) opens a link in the browser (replaced in tests)</extracomment>
        <translation>Email interaction</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>CC</source>
        <translation>CC</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>Add or remove tags (Ctrl+T)</source>
        <translation>Add or remove tags (Ctrl+T)</translation>
    </message>
    <message>
        <source>Choose an interaction in My interactions to read it here.</source>
        <translation>Choose an interaction in My interactions to read it here.</translation>
    </message>
    <message>
        <source>Email body</source>
        <translation>Email body</translation>
    </message>
    <message>
        <source>Email actions</source>
        <translation>Email actions</translation>
    </message>
    <message>
        <source>Contact actions</source>
        <translation>Contact actions</translation>
    </message>
    <message>
        <source>Email or call the contact</source>
        <translation>Email or call the contact</translation>
    </message>
    <message>
        <source>Show images</source>
        <translation>Show images</translation>
    </message>
    <message>
        <source>This interaction is not kept on this computer; it opens when the database is back.</source>
        <translation>This interaction is not kept on this computer; it opens when the database is back.</translation>
    </message>
    <message>
        <source>The database cannot be reached: showing the copy kept on this computer (no images, attachment contents or notes).</source>
        <translation>The database cannot be reached: showing the copy kept on this computer (no images, attachment contents or notes).</translation>
    </message>
    <message>
        <source>The database cannot be reached: showing the copy kept on this computer (text only, no attachment contents or notes).</source>
        <translation>The database cannot be reached: showing the copy kept on this computer (text only, no attachment contents or notes).</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(no subject)</translation>
    </message>
    <message>
        <source>%1 — waiting for an answer. %2</source>
        <translation>%1 — waiting for an answer. %2</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>Withdraw the transfer offer: the email stays yours</source>
        <translation>Withdraw the transfer offer: the email stays yours</translation>
    </message>
    <message>
        <source>The reviewer rejected this reply: “%1”. Correct it and send it again.</source>
        <translation>The reviewer rejected this reply: “%1”. Correct it and send it again.</translation>
    </message>
    <message>
        <source>The reviewer rejected this reply. Correct it and send it again.</source>
        <translation>The reviewer rejected this reply. Correct it and send it again.</translation>
    </message>
    <message>
        <source>A draft: not sent yet.</source>
        <translation>A draft: not sent yet.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>… show quoted text (%1 lines)</source>
        <translation>… show quoted text (%1 lines)</translation>
    </message>
    <message>
        <source>hide quoted text</source>
        <translation>hide quoted text</translation>
    </message>
    <message>
        <source>… show signature</source>
        <translation>… show signature</translation>
    </message>
    <message>
        <source>A remote image was blocked to protect your privacy.</source>
        <translation>A remote image was blocked to protect your privacy.</translation>
    </message>
    <message>
        <source>%1 remote images were blocked to protect your privacy.</source>
        <translation>%1 remote images were blocked to protect your privacy.</translation>
    </message>
    <message>
        <source>Show the images of this message</source>
        <translation>Show the images of this message</translation>
    </message>
    <message>
        <source>Always show images from %1</source>
        <translation>Always show images from %1</translation>
    </message>
    <message>
        <source>⚠ Duplicate Message-ID: another message with different content uses the same Message-ID; this one is kept as its own interaction.</source>
        <translation>⚠ Duplicate Message-ID: another message with different content uses the same Message-ID; this one is kept as its own interaction.</translation>
    </message>
    <message>
        <source>⚠ A link's text names %1 but it leads to %2.</source>
        <translation>⚠ A link's text names %1 but it leads to %2.</translation>
    </message>
    <message>
        <source>… and %1 more such links.</source>
        <translation>… and %1 more such links.</translation>
    </message>
    <message>
        <source>Open this link?</source>
        <translation>Open this link?</translation>
    </message>
    <message>
        <source>The link's text names %1, but it leads to:
%2

Open it anyway?</source>
        <translation>The link's text names %1, but it leads to:
%2

Open it anyway?</translation>
    </message>
    <message>
        <source>Open anyway</source>
        <translation>Open anyway</translation>
    </message>
    <message>
        <source>New email to %1</source>
        <translation>New email to %1</translation>
    </message>
    <message>
        <source>Call %1</source>
        <translation>Call %1</translation>
    </message>
    <message>
        <source>Also open by %1</source>
        <translation>Also open by %1</translation>
    </message>
</context>
<context>
    <name>ForwardDialog</name>
    <message>
        <source>Forward as attachment</source>
        <translation>Forward as attachment</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Forward</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>CC</source>
        <translation>CC</translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation>Instructions</translation>
    </message>
    <message>
        <source>the external resource's address</source>
        <translation>the external resource's address</translation>
    </message>
    <message>
        <source>Enter forward instructions</source>
        <translation>Enter forward instructions</translation>
    </message>
    <message>
        <source>Forward instructions</source>
        <translation>Forward instructions</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>When</source>
        <extracomment>the reads with the desk's offline policy: offline, the histories this desktop's cache keeps</extracomment>
        <translation>When</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>system</source>
        <translation>system</translation>
    </message>
    <message>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(no subject)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Interaction history</source>
        <translation>Interaction history</translation>
    </message>
    <message>
        <source>Contact history</source>
        <translation>Contact history</translation>
    </message>
    <message>
        <source>My history</source>
        <translation>My history</translation>
    </message>
    <message>
        <source>Search the contact's history and mine…</source>
        <translation>Search the contact's history and mine…</translation>
    </message>
    <message>
        <source>Search the histories</source>
        <translation>Search the histories</translation>
    </message>
    <message>
        <source>Forward…</source>
        <translation>Forward…</translation>
    </message>
    <message>
        <source>Note added</source>
        <translation>Note added</translation>
    </message>
    <message>
        <source>Received</source>
        <comment>history event: an email arrived</comment>
        <translation>Received</translation>
    </message>
    <message>
        <source>Disposition set</source>
        <translation>Disposition set</translation>
    </message>
    <message>
        <source>Marked done</source>
        <translation>Marked done</translation>
    </message>
    <message>
        <source>Transfer offered</source>
        <translation>Transfer offered</translation>
    </message>
    <message>
        <source>Transfer accepted</source>
        <translation>Transfer accepted</translation>
    </message>
    <message>
        <source>Transfer declined</source>
        <translation>Transfer declined</translation>
    </message>
    <message>
        <source>Transfer withdrawn</source>
        <translation>Transfer withdrawn</translation>
    </message>
    <message>
        <source>Reassigned</source>
        <translation>Reassigned</translation>
    </message>
    <message>
        <source>Pulled from a workbin</source>
        <translation>Pulled from a workbin</translation>
    </message>
    <message>
        <source>Moved to another workbin</source>
        <translation>Moved to another workbin</translation>
    </message>
    <message>
        <source>Stored in a workbin</source>
        <translation>Stored in a workbin</translation>
    </message>
    <message>
        <source>Case data changed</source>
        <translation>Case data changed</translation>
    </message>
    <message>
        <source>Call started</source>
        <translation>Call started</translation>
    </message>
    <message>
        <source>Consultation started</source>
        <translation>Consultation started</translation>
    </message>
    <message>
        <source>Consultation message</source>
        <translation>Consultation message</translation>
    </message>
    <message>
        <source>Consultation closed</source>
        <translation>Consultation closed</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>Assigned</translation>
    </message>
    <message>
        <source>Forwarded</source>
        <translation>Forwarded</translation>
    </message>
    <message>
        <source>Draft started</source>
        <translation>Draft started</translation>
    </message>
    <message>
        <source>Reply started</source>
        <translation>Reply started</translation>
    </message>
    <message>
        <source>Draft saved</source>
        <translation>Draft saved</translation>
    </message>
    <message>
        <source>Draft deleted</source>
        <translation>Draft deleted</translation>
    </message>
    <message>
        <source>Attachment added</source>
        <translation>Attachment added</translation>
    </message>
    <message>
        <source>Attachment removed</source>
        <translation>Attachment removed</translation>
    </message>
    <message>
        <source>Sent for QA review</source>
        <translation>Sent for QA review</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Handed to the outbox</source>
        <translation>Handed to the outbox</translation>
    </message>
    <message>
        <source>Sending stopped</source>
        <translation>Sending stopped</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Bounced</source>
        <translation>Bounced</translation>
    </message>
    <message>
        <source>Transfer offer expired</source>
        <translation>Transfer offer expired</translation>
    </message>
    <message>
        <source>Presence changed</source>
        <translation>Presence changed</translation>
    </message>
    <message>
        <source>Filed automatically (auto-reply, bounce or loop)</source>
        <translation>Filed automatically (auto-reply, bounce or loop)</translation>
    </message>
    <message>
        <source>Tags changed</source>
        <translation>Tags changed</translation>
    </message>
    <message>
        <source>Snoozed</source>
        <translation>Snoozed</translation>
    </message>
    <message>
        <source>Follow-up cleared</source>
        <translation>Follow-up cleared</translation>
    </message>
    <message>
        <source>Forward the chosen interaction to an external resource</source>
        <translation>Forward the chosen interaction to an external resource</translation>
    </message>
    <message>
        <source>This contact center does not allow forwarding ended interactions</source>
        <translation>This contact center does not allow forwarding ended interactions</translation>
    </message>
    <message>
        <source>Only an ended email, or an active one of yours, can be forwarded from here</source>
        <translation>Only an ended email, or an active one of yours, can be forwarded from here</translation>
    </message>
</context>
<context>
    <name>InteractionCommands</name>
    <message>
        <source>Reply</source>
        <extracomment>the commands of this module, in toolbar order commands reached from menus and the palette but not given their own toolbar button states of an outbound email its author can go on writing: a saved draft, a reply the reviewer rejected, a send that needs the agent done and transfer wait in this desktop's cache when the database is away (None: they just fail) how the center lets agents forward (S29): both until the options are read hands a tel: URI to the workstation's telephony (the OS's URL handler) whether an interaction (its id) has a transfer offer waiting for an answer (set by the main window)</extracomment>
        <translation>Reply</translation>
    </message>
    <message>
        <source>Reply to the sender</source>
        <translation>Reply to the sender</translation>
    </message>
    <message>
        <source>Reply all</source>
        <translation>Reply all</translation>
    </message>
    <message>
        <source>Reply to the sender and every recipient</source>
        <translation>Reply to the sender and every recipient</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Forward</translation>
    </message>
    <message>
        <source>Forward to an external resource</source>
        <translation>Forward to an external resource</translation>
    </message>
    <message>
        <source>Forward as attachment</source>
        <translation>Forward as attachment</translation>
    </message>
    <message>
        <source>Forward to an external resource, with the email attached</source>
        <translation>Forward to an external resource, with the email attached</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>Transfer…</translation>
    </message>
    <message>
        <source>Transfer to another agent or a team</source>
        <translation>Transfer to another agent or a team</translation>
    </message>
    <message>
        <source>Consult</source>
        <translation>Consult</translation>
    </message>
    <message>
        <source>Consult a team member</source>
        <translation>Consult a team member</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Call</translation>
    </message>
    <message>
        <source>Call the contact</source>
        <translation>Call the contact</translation>
    </message>
    <message>
        <source>Store in workbin</source>
        <translation>Store in workbin</translation>
    </message>
    <message>
        <source>Store in a workbin</source>
        <translation>Store in a workbin</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Disposition</translation>
    </message>
    <message>
        <source>Set the disposition code</source>
        <translation>Set the disposition code</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Add a note</source>
        <translation>Add a note</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>Mark done</translation>
    </message>
    <message>
        <source>Mark the interaction done</source>
        <translation>Mark the interaction done</translation>
    </message>
    <message>
        <source>Continue writing</source>
        <translation>Continue writing</translation>
    </message>
    <message>
        <source>Open this draft or rejected reply in the outbound window to correct and send it</source>
        <translation>Open this draft or rejected reply in the outbound window to correct and send it</translation>
    </message>
    <message>
        <source>Tags…</source>
        <translation>Tags…</translation>
    </message>
    <message>
        <source>Add or remove the interaction's tags</source>
        <translation>Add or remove the interaction's tags</translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation>Snooze</translation>
    </message>
    <message>
        <source>Put the interaction out of My interactions until a time; it comes back marked “Follow-up due”</source>
        <translation>Put the interaction out of My interactions until a time; it comes back marked “Follow-up due”</translation>
    </message>
    <message>
        <source>My workbin</source>
        <translation>My workbin</translation>
    </message>
    <message>
        <source>Team: %1</source>
        <translation>Team: %1</translation>
    </message>
    <message>
        <source>Later today (%1)</source>
        <translation>Later today (%1)</translation>
    </message>
    <message>
        <source>Tomorrow (%1)</source>
        <translation>Tomorrow (%1)</translation>
    </message>
    <message>
        <source>Next week (%1)</source>
        <translation>Next week (%1)</translation>
    </message>
    <message>
        <source>Choose a time…</source>
        <translation>Choose a time…</translation>
    </message>
    <message>
        <source>Clear follow-up</source>
        <translation>Clear follow-up</translation>
    </message>
    <message>
        <source>Back in My interactions now, without the follow-up mark</source>
        <translation>Back in My interactions now, without the follow-up mark</translation>
    </message>
</context>
<context>
    <name>InteractionTableModel</name>
    <message>
        <source>Subject</source>
        <extracomment>fetch_ids(ctx) -&gt; list[int]; fetch_summaries(ctx, ids) -&gt; list of InteractionSummary True while the view must not move (the pointer is over it, a row is chosen): new rows that would go on top are held back, counted by sig_held_changed, until release_held (set by the panel)</extracomment>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>Viewing</source>
        <translation>Viewing</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Also open by %1</source>
        <translation>Also open by %1</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(no subject)</translation>
    </message>
</context>
<context>
    <name>InteractionsPanel</name>
    <message>
        <source>My interactions</source>
        <extracomment>the columns beside the subject: their widths, and narrower ones when the list is narrow (a small window), so that the subject always keeps room narrower than this, the contact column is hidden (the subject's tooltip names the contact)</extracomment>
        <translation>My interactions</translation>
    </message>
    <message>
        <source>&amp;Tag:</source>
        <translation>&amp;Tag:</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Show:</translation>
    </message>
    <message>
        <source>Save as view…</source>
        <translation>Save as view…</translation>
    </message>
    <message>
        <source>Keep this filter under a name, in Views</source>
        <translation>Keep this filter under a name, in Views</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>Show all</translation>
    </message>
    <message>
        <source>Leave the view: My interactions again</source>
        <translation>Leave the view: My interactions again</translation>
    </message>
    <message>
        <source>Show open or snoozed interactions</source>
        <translation>Show open or snoozed interactions</translation>
    </message>
    <message>
        <source>Show only interactions with this tag</source>
        <translation>Show only interactions with this tag</translation>
    </message>
    <message>
        <source>Nothing snoozed.</source>
        <translation>Nothing snoozed.</translation>
    </message>
    <message>
        <source>None of your snoozed interactions is tagged #%1.</source>
        <translation>None of your snoozed interactions is tagged #%1.</translation>
    </message>
    <message>
        <source>None of your interactions is tagged #%1.</source>
        <translation>None of your interactions is tagged #%1.</translation>
    </message>
    <message>
        <source>Nothing assigned to you right now.
New interactions appear here as they are routed to you.</source>
        <translation>Nothing assigned to you right now.
New interactions appear here as they are routed to you.</translation>
    </message>
    <message>
        <source>View: %1</source>
        <translation>View: %1</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Snoozed (%1)</source>
        <translation>Snoozed (%1)</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Transfer from %1: %2</source>
        <translation>Transfer from %1: %2</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Accept</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Decline</translation>
    </message>
    <message>
        <source>↑ %1 new — show</source>
        <translation>↑ %1 new — show</translation>
    </message>
    <message>
        <source>New interactions arrived above; the list was not moved under your pointer</source>
        <translation>New interactions arrived above; the list was not moved under your pointer</translation>
    </message>
</context>
<context>
    <name>LinkDialog</name>
    <message>
        <source>Insert link</source>
        <extracomment>the block property holding a block's quote depth (0: not quoted) the block property holding the quote marks a quoted line was read with ("&gt; &gt; ", "&gt;&gt; "), kept as they were</extracomment>
        <translation>Insert link</translation>
    </message>
    <message>
        <source>Text to show</source>
        <translation>Text to show</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Enter the address the link goes to</source>
        <translation>Enter the address the link goes to</translation>
    </message>
    <message>
        <source>A link must be a full address starting with https://, http://, mailto: or tel:</source>
        <translation>A link must be a full address starting with https://, http://, mailto: or tel:</translation>
    </message>
</context>
<context>
    <name>LiveDesk</name>
    <message>
        <source>Everything read again</source>
        <extracomment>mailboxes signed in again whose waiting replies are made due once the engine runs with the new sign-in</extracomment>
        <translation>Everything read again</translation>
    </message>
    <message>
        <source>This desktop was away longer than the team database keeps its list of changes, so your lists were read again in full once.</source>
        <translation>This desktop was away longer than the team database keeps its list of changes, so your lists were read again in full once.</translation>
    </message>
    <message>
        <source>Mailbox %1: sign in again</source>
        <translation>Mailbox %1: sign in again</translation>
    </message>
    <message>
        <source>The mail provider no longer accepts the sign-in. Replies wait in the outbox; click “Sign in again” in the status bar.</source>
        <translation>The mail provider no longer accepts the sign-in. Replies wait in the outbox; click “Sign in again” in the status bar.</translation>
    </message>
    <message>
        <source>“%1” from %2</source>
        <translation>“%1” from %2</translation>
    </message>
    <message>
        <source>New interaction</source>
        <translation>New interaction</translation>
    </message>
    <message>
        <source>%1 new interactions</source>
        <translation>%1 new interactions</translation>
    </message>
    <message>
        <source>Reply approved</source>
        <translation>Reply approved</translation>
    </message>
    <message>
        <source>“%1” was approved and goes to the customer.</source>
        <translation>“%1” was approved and goes to the customer.</translation>
    </message>
    <message>
        <source>Reply rejected</source>
        <translation>Reply rejected</translation>
    </message>
    <message>
        <source>“%1” came back: %2</source>
        <translation>“%1” came back: %2</translation>
    </message>
    <message>
        <source>Reply not sent</source>
        <translation>Reply not sent</translation>
    </message>
    <message>
        <source>“%1” needs your attention: %2</source>
        <translation>“%1” needs your attention: %2</translation>
    </message>
    <message>
        <source>Follow-up due</source>
        <translation>Follow-up due</translation>
    </message>
    <message>
        <source>Waiting for your review</source>
        <translation>Waiting for your review</translation>
    </message>
    <message>
        <source>%1 more replies of your team wait in the approval panel.</source>
        <translation>%1 more replies of your team wait in the approval panel.</translation>
    </message>
</context>
<context>
    <name>MailboxIndicator</name>
    <message>
        <source>● %1: offline</source>
        <extracomment>how long quitting waits for the engine's step in hand before it ends the engine process</extracomment>
        <translation>● %1: offline</translation>
    </message>
    <message>
        <source>Mailbox %1 cannot reach its server; agentdesk keeps trying. You can go on reading and drafting. %2</source>
        <translation>Mailbox %1 cannot reach its server; agentdesk keeps trying. You can go on reading and drafting. %2</translation>
    </message>
    <message>
        <source>● %1: check the settings</source>
        <translation>● %1: check the settings</translation>
    </message>
    <message>
        <source>Mailbox %1: the server refused the settings or the password. %2</source>
        <translation>Mailbox %1: the server refused the settings or the password. %2</translation>
    </message>
    <message>
        <source>● %1: sign in again</source>
        <translation>● %1: sign in again</translation>
    </message>
    <message>
        <source>Mailbox %1: the mail provider no longer accepts the sign-in; click “Sign in again”. Replies wait in the outbox. %2</source>
        <translation>Mailbox %1: the mail provider no longer accepts the sign-in; click “Sign in again”. Replies wait in the outbox. %2</translation>
    </message>
    <message>
        <source>Sign in again…</source>
        <translation>Sign in again…</translation>
    </message>
    <message>
        <source>Sign mailbox %1 in again in your browser; the replies waiting in the outbox then go out</source>
        <translation>Sign mailbox %1 in again in your browser; the replies waiting in the outbox then go out</translation>
    </message>
    <message>
        <source>● %1: connecting…</source>
        <translation>● %1: connecting…</translation>
    </message>
    <message>
        <source>Mailbox %1: connecting to its server</source>
        <translation>Mailbox %1: connecting to its server</translation>
    </message>
    <message>
        <source>● %1: syncing %2 / %3</source>
        <translation>● %1: syncing %2 / %3</translation>
    </message>
    <message>
        <source>Mailbox %1: fetching new mail</source>
        <translation>Mailbox %1: fetching new mail</translation>
    </message>
    <message>
        <source>Mailbox %1: connected</source>
        <translation>Mailbox %1: connected</translation>
    </message>
</context>
<context>
    <name>MailboxPage</name>
    <message>
        <source>The server files sent mail in the Sent folder itself (Gmail, Microsoft 365)</source>
        <translation>The server files sent mail in the Sent folder itself (Gmail, Microsoft 365)</translation>
    </message>
    <message>
        <source>Then agentdesk files no second copy there, and decides a send whose answer was lost by looking there for it</source>
        <translation>Then agentdesk files no second copy there, and decides a send whose answer was lost by looking there for it</translation>
    </message>
    <message>
        <source>Find out</source>
        <translation>Find out</translation>
    </message>
    <message>
        <source>Send one check message from this mailbox to itself, look for it in the Sent folder, then delete it again</source>
        <translation>Send one check message from this mailbox to itself, look for it in the Sent folder, then delete it again</translation>
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
        <translation>None (this computer only)</translation>
    </message>
    <message>
        <source>Certificate authority</source>
        <translation>Certificate authority</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer)</source>
        <translation>Certificates (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>Fill in: %1.</source>
        <translation>Fill in: %1.</translation>
    </message>
    <message>
        <source>Password</source>
        <extracomment>how the mailbox signs in: a password, or OAuth 2.0 with one of these providers</extracomment>
        <translation>Password</translation>
    </message>
    <message>
        <source>Sign in with Microsoft (Microsoft 365)</source>
        <translation>Sign in with Microsoft (Microsoft 365)</translation>
    </message>
    <message>
        <source>Sign in with Google (Google Workspace)</source>
        <translation>Sign in with Google (Google Workspace)</translation>
    </message>
    <message>
        <source>Sign in with another provider (issuer URL)</source>
        <translation>Sign in with another provider (issuer URL)</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>Sign-in</translation>
    </message>
    <message>
        <source>Sign-in with the mail provider (OAuth 2.0)</source>
        <translation>Sign-in with the mail provider (OAuth 2.0)</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Tenant</translation>
    </message>
    <message>
        <source>organizations, your domain, or the directory (tenant) ID</source>
        <translation>organizations, your domain, or the directory (tenant) ID</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>Client ID</translation>
    </message>
    <message>
        <source>the application (client) ID of your organization's app registration</source>
        <translation>the application (client) ID of your organization's app registration</translation>
    </message>
    <message>
        <source>…apps.googleusercontent.com, from your organization's Google Cloud project</source>
        <translation>…apps.googleusercontent.com, from your organization's Google Cloud project</translation>
    </message>
    <message>
        <source>the client ID your administrator registered</source>
        <translation>the client ID your administrator registered</translation>
    </message>
    <message>
        <source>Issuer URL</source>
        <translation>Issuer URL</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Client secret</translation>
    </message>
    <message>
        <source>only if the provider gave the desktop client one; kept in the system keyring</source>
        <translation>only if the provider gave the desktop client one; kept in the system keyring</translation>
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
        <translation>the provider</translation>
    </message>
    <message>
        <source>the address above, unless your provider says otherwise</source>
        <translation>the address above, unless your provider says otherwise</translation>
    </message>
    <message>
        <source>Fill in the issuer URL: the address of your sign-in provider (its /.well-known/openid-configuration is read from there).</source>
        <translation>Fill in the issuer URL: the address of your sign-in provider (its /.well-known/openid-configuration is read from there).</translation>
    </message>
    <message>
        <source>The issuer URL must start with https:// (http:// only for a provider on this computer): %1</source>
        <translation>The issuer URL must start with https:// (http:// only for a provider on this computer): %1</translation>
    </message>
    <message>
        <source>The tenant “%1” is not a domain (contoso.onmicrosoft.com) or a directory (tenant) ID: copy it from the Overview page of Microsoft Entra.</source>
        <translation>The tenant “%1” is not a domain (contoso.onmicrosoft.com) or a directory (tenant) ID: copy it from the Overview page of Microsoft Entra.</translation>
    </message>
    <message>
        <source>Fill in the client ID: your administrator registers agentdesk with the provider and gives it to you (docs/oauth.md says how).</source>
        <translation>Fill in the client ID: your administrator registers agentdesk with the provider and gives it to you (docs/oauth.md says how).</translation>
    </message>
    <message>
        <source>The client ID of Microsoft 365 looks like 00001111-aaaa-2222-bbbb-3333cccc4444 (the application (client) ID of the app registration), not “%1”.</source>
        <translation>The client ID of Microsoft 365 looks like 00001111-aaaa-2222-bbbb-3333cccc4444 (the application (client) ID of the app registration), not “%1”.</translation>
    </message>
    <message>
        <source>The client ID of Google ends in .apps.googleusercontent.com (the OAuth client of your Google Cloud project), not “%1”.</source>
        <translation>The client ID of Google ends in .apps.googleusercontent.com (the OAuth client of your Google Cloud project), not “%1”.</translation>
    </message>
    <message>
        <source>These settings cannot be used: %1</source>
        <translation>These settings cannot be used: %1</translation>
    </message>
    <message>
        <source>Sign in first: “%1” opens the provider's sign-in page in your browser.</source>
        <translation>Sign in first: “%1” opens the provider's sign-in page in your browser.</translation>
    </message>
    <message>
        <source>Testing the IMAP and SMTP servers…</source>
        <translation>Testing the IMAP and SMTP servers…</translation>
    </message>
    <message>
        <source>Sending a check message to the mailbox itself and looking for it in the Sent folder…</source>
        <translation>Sending a check message to the mailbox itself and looking for it in the Sent folder…</translation>
    </message>
    <message>
        <source>Could not find out: %1</source>
        <translation>Could not find out: %1</translation>
    </message>
    <message>
        <source>The server filed the check message in the Sent folder itself: agentdesk will file no second copy, and decides a send whose answer was lost by looking there.</source>
        <translation>The server filed the check message in the Sent folder itself: agentdesk will file no second copy, and decides a send whose answer was lost by looking there.</translation>
    </message>
    <message>
        <source>The server did not file the check message in the Sent folder within %1 s: agentdesk files a copy there after each send.</source>
        <translation>The server did not file the check message in the Sent folder within %1 s: agentdesk files a copy there after each send.</translation>
    </message>
    <message>
        <source>The test could not run: %1</source>
        <translation>The test could not run: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Text size: %1 pt</source>
        <extracomment>below this size the default layout tabs the context panels beside the email (a 1024×700 screen) how often the lists are brought up to date with the routing database what the window and its panels use besides Qt, built once (agentdesk.desk.services); the window starts its cache once it is up and closes it with itself</extracomment>
        <translation>Text size: %1 pt</translation>
    </message>
    <message>
        <source>agentdesk — %1</source>
        <translation>agentdesk — %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Interaction</source>
        <translation>&amp;Interaction</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Reload the lists from the database</source>
        <translation>Reload the lists from the database</translation>
    </message>
    <message>
        <source>Command palette…</source>
        <translation>Command palette…</translation>
    </message>
    <message>
        <source>Find any command or interaction by name</source>
        <translation>Find any command or interaction by name</translation>
    </message>
    <message>
        <source>Search interactions…</source>
        <translation>Search interactions…</translation>
    </message>
    <message>
        <source>Find an interaction by subject, contact, words or number</source>
        <translation>Find an interaction by subject, contact, words or number</translation>
    </message>
    <message>
        <source>Preferences…</source>
        <translation>Preferences…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Switch user…</source>
        <translation>Switch user…</translation>
    </message>
    <message>
        <source>Sign in as another user with their own login</source>
        <translation>Sign in as another user with their own login</translation>
    </message>
    <message>
        <source>Reset layout</source>
        <translation>Reset layout</translation>
    </message>
    <message>
        <source>Put every panel back where it started</source>
        <translation>Put every panel back where it started</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Larger text</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>Smaller text</translation>
    </message>
    <message>
        <source>Normal text size</source>
        <translation>Normal text size</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Theme</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Follow the system</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Light</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dark</translation>
    </message>
    <message>
        <source>Email only</source>
        <translation>Email only</translation>
    </message>
    <message>
        <source>Hide every panel but the email, or bring them back</source>
        <translation>Hide every panel but the email, or bring them back</translation>
    </message>
    <message>
        <source>About agentdesk</source>
        <translation>About agentdesk</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Every action and its keys</source>
        <translation>Every action and its keys</translation>
    </message>
    <message>
        <source>Next interaction</source>
        <translation>Next interaction</translation>
    </message>
    <message>
        <source>Previous interaction</source>
        <translation>Previous interaction</translation>
    </message>
    <message>
        <source>Go to %1</source>
        <translation>Go to %1</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>Signed in as %1</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Not ready</source>
        <translation>Not ready</translation>
    </message>
    <message>
        <source>My presence</source>
        <translation>My presence</translation>
    </message>
    <message>
        <source>My &amp;presence</source>
        <translation>My &amp;presence</translation>
    </message>
    <message>
        <source>Routing gives new email only to agents who are ready</source>
        <translation>Routing gives new email only to agents who are ready</translation>
    </message>
    <message>
        <source>Database connected</source>
        <translation>Database connected</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Routing database: %1</source>
        <translation>Routing database: %1</translation>
    </message>
    <message>
        <source>Sent for QA review</source>
        <translation>Sent for QA review</translation>
    </message>
    <message>
        <source>Handed to the outbox for sending</source>
        <translation>Handed to the outbox for sending</translation>
    </message>
    <message>
        <source>Calling %1 — the call record is in My interactions</source>
        <translation>Calling %1 — the call record is in My interactions</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Working…</translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <source>Note</source>
        <extracomment>add(ctx, interaction_id, body) -&gt; anything</extracomment>
        <translation>Note</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Write a note for this interaction…</source>
        <translation>Write a note for this interaction…</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>New note</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Add note</translation>
    </message>
    <message>
        <source>Add note (%1)</source>
        <translation>Add note (%1)</translation>
    </message>
    <message>
        <source>Notes are not kept on this computer: they show again when the database is back. A note added now waits under Waiting actions.</source>
        <translation>Notes are not kept on this computer: they show again when the database is back. A note added now waits under Waiting actions.</translation>
    </message>
    <message>
        <source>No notes yet.</source>
        <translation>No notes yet.</translation>
    </message>
</context>
<context>
    <name>OAuthSignInPanel</name>
    <message>
        <source>Opening the browser…</source>
        <extracomment>how long to wait for the browser (seconds); tests make it short how to open the browser (None: the system's, through Python's webbrowser)</extracomment>
        <translation>Opening the browser…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Sign in in the browser window that opened; agentdesk waits for it (%1 left).</source>
        <translation>Sign in in the browser window that opened; agentdesk waits for it (%1 left).</translation>
    </message>
    <message>
        <source>The browser could not be opened: copy the address below into a browser on this computer and sign in there; agentdesk waits for it (%1 left).</source>
        <translation>The browser could not be opened: copy the address below into a browser on this computer and sign in there; agentdesk waits for it (%1 left).</translation>
    </message>
    <message>
        <source>The address is copied: paste it into a browser on this computer.</source>
        <translation>The address is copied: paste it into a browser on this computer.</translation>
    </message>
    <message>
        <source>Signed in as %1.</source>
        <translation>Signed in as %1.</translation>
    </message>
    <message>
        <source>Sign-in cancelled.</source>
        <translation>Sign-in cancelled.</translation>
    </message>
    <message>
        <source>No answer from the browser within %1 minutes: the sign-in was not finished. Sign in again.</source>
        <translation>No answer from the browser within %1 minutes: the sign-in was not finished. Sign in again.</translation>
    </message>
    <message>
        <source>The provider did not sign you in: %1</source>
        <translation>The provider did not sign you in: %1</translation>
    </message>
    <message>
        <source>The provider refused this client ID with this client secret: check both with your administrator. The provider said: %1</source>
        <translation>The provider refused this client ID with this client secret: check both with your administrator. The provider said: %1</translation>
    </message>
    <message>
        <source>The provider does not know this tenant: check it with your administrator. (%1)</source>
        <translation>The provider does not know this tenant: check it with your administrator. (%1)</translation>
    </message>
    <message>
        <source>The provider does not know this client ID: check it with your administrator (it is the ID of the app they registered for agentdesk). The provider said: %1</source>
        <translation>The provider does not know this client ID: check it with your administrator (it is the ID of the app they registered for agentdesk). The provider said: %1</translation>
    </message>
    <message>
        <source>The provider cannot be reached or found: %1</source>
        <translation>The provider cannot be reached or found: %1</translation>
    </message>
    <message>
        <source>The sign-in failed: %1</source>
        <translation>The sign-in failed: %1</translation>
    </message>
    <message>
        <source>The sign-in could not run: %1</source>
        <translation>The sign-in could not run: %1</translation>
    </message>
    <message>
        <source>the provider</source>
        <translation>the provider</translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation>Sign in again</translation>
    </message>
    <message>
        <source>Sign in with %1</source>
        <translation>Sign in with %1</translation>
    </message>
    <message>
        <source>Opens the sign-in page of %1 in your browser</source>
        <translation>Opens the sign-in page of %1 in your browser</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>The browser did not open? Copy this address into it:</source>
        <translation>The browser did not open? Copy this address into it:</translation>
    </message>
    <message>
        <source>Copy this address into a browser:</source>
        <translation>Copy this address into a browser:</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Sign-in address</source>
        <translation>Sign-in address</translation>
    </message>
</context>
<context>
    <name>Ops</name>
    <message>
        <source>Not found</source>
        <translation>Not found</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>Not allowed</translation>
    </message>
    <message>
        <source>Not possible now</source>
        <translation>Not possible now</translation>
    </message>
    <message>
        <source>Please check your input</source>
        <translation>Please check your input</translation>
    </message>
    <message>
        <source>Fields to fill</source>
        <translation>Fields to fill</translation>
    </message>
    <message>
        <source>Changed meanwhile</source>
        <translation>Changed meanwhile</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>The database cannot be reached; working offline.</source>
        <translation>The database cannot be reached; working offline.</translation>
    </message>
    <message>
        <source>Something went wrong; the details are in the log.</source>
        <translation>Something went wrong; the details are in the log.</translation>
    </message>
</context>
<context>
    <name>OutboxBar</name>
    <message>
        <source>Take back</source>
        <translation>Take back</translation>
    </message>
    <message>
        <source>Stop sending: the reply becomes a draft again</source>
        <translation>Stop sending: the reply becomes a draft again</translation>
    </message>
    <message>
        <source>It was sent</source>
        <translation>It was sent</translation>
    </message>
    <message>
        <source>The customer has it: record it as sent</source>
        <translation>The customer has it: record it as sent</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Send again</translation>
    </message>
    <message>
        <source>Queue it again with the same Message-ID; it is not sent if the Sent folder holds it by then</source>
        <translation>Queue it again with the same Message-ID; it is not sent if the Sent folder holds it by then</translation>
    </message>
    <message>
        <source>Search again</source>
        <translation>Search again</translation>
    </message>
    <message>
        <source>Search the Sent folder for this message again</source>
        <translation>Search the Sent folder for this message again</translation>
    </message>
    <message>
        <source>Sent. Its copy could not be filed in the Sent folder yet; it is tried again at each pass: %1</source>
        <translation>Sent. Its copy could not be filed in the Sent folder yet; it is tried again at each pass: %1</translation>
    </message>
    <message>
        <source>The server refused this message: %1</source>
        <translation>The server refused this message: %1</translation>
    </message>
    <message>
        <source>(no reason given)</source>
        <translation>(no reason given)</translation>
    </message>
    <message>
        <source>Waiting for mailbox %1 to be signed in again: this reply is kept and goes out once someone clicks “Sign in again” in the status bar and signs in.</source>
        <translation>Waiting for mailbox %1 to be signed in again: this reply is kept and goes out once someone clicks “Sign in again” in the status bar and signs in.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>Not sent yet; it will be tried again: %1</source>
        <translation>Not sent yet; it will be tried again: %1</translation>
    </message>
    <message>
        <source>Scheduled to be sent at %1</source>
        <translation>Scheduled to be sent at %1</translation>
    </message>
    <message>
        <source>Sending in %1 s</source>
        <translation>Sending in %1 s</translation>
    </message>
    <message>
        <source>The connection was lost after the end of this message was sent, and the server cannot tell whether it took it: mailbox %1 does not file sent mail itself, so its Sent folder cannot answer. Decide whether it was sent (for instance, the customer answered it) or send it again.</source>
        <translation>The connection was lost after the end of this message was sent, and the server cannot tell whether it took it: mailbox %1 does not file sent mail itself, so its Sent folder cannot answer. Decide whether it was sent (for instance, the customer answered it) or send it again.</translation>
    </message>
    <message>
        <source>The connection was lost after the end of this message was sent. Mailbox %1 files every message its server takes in the Sent folder: agentdesk looks there at %2 and sends it again only if it is not there. You may decide sooner.</source>
        <translation>The connection was lost after the end of this message was sent. Mailbox %1 files every message its server takes in the Sent folder: agentdesk looks there at %2 and sends it again only if it is not there. You may decide sooner.</translation>
    </message>
    <message>
        <source>The connection was lost after this message went out: the customer may or may not have it. Decide whether it was sent.</source>
        <translation>The connection was lost after this message went out: the customer may or may not have it. Decide whether it was sent.</translation>
    </message>
    <message>
        <source>Sent folder when it happened: %1</source>
        <translation>Sent folder when it happened: %1</translation>
    </message>
    <message>
        <source>Searching the Sent folder of mailbox %1…</source>
        <translation>Searching the Sent folder of mailbox %1…</translation>
    </message>
    <message>
        <source>could not be searched: %1</source>
        <translation>could not be searched: %1</translation>
    </message>
    <message>
        <source>Sent folder of mailbox %1 now: %2</source>
        <translation>Sent folder of mailbox %1 now: %2</translation>
    </message>
    <message>
        <source>not searched</source>
        <translation>not searched</translation>
    </message>
    <message>
        <source>found there (it was sent)</source>
        <translation>found there (it was sent)</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>not found</translation>
    </message>
    <message>
        <source>Taken back: the reply is a draft again</source>
        <translation>Taken back: the reply is a draft again</translation>
    </message>
    <message>
        <source>Recorded as sent</source>
        <translation>Recorded as sent</translation>
    </message>
    <message>
        <source>Queued to be sent again (not sent if the Sent folder already holds it)</source>
        <translation>Queued to be sent again (not sent if the Sent folder already holds it)</translation>
    </message>
</context>
<context>
    <name>PendingPanel</name>
    <message>
        <source>Send</source>
        <extracomment>how often the panel looks again (the cache also reports every change it makes)</extracomment>
        <translation>Send</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>Mark done</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Case data</source>
        <translation>Case data</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Interaction</source>
        <translation>Interaction</translation>
    </message>
    <message>
        <source>Asked</source>
        <translation>Asked</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Waiting actions</source>
        <translation>Waiting actions</translation>
    </message>
    <message>
        <source>Do not run</source>
        <translation>Do not run</translation>
    </message>
    <message>
        <source>Drop the selected waiting action</source>
        <translation>Drop the selected waiting action</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>Clear finished</translation>
    </message>
    <message>
        <source>Waiting for the database</source>
        <translation>Waiting for the database</translation>
    </message>
    <message>
        <source>Carried out</source>
        <translation>Carried out</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <source>Reading the local cache…</source>
        <translation>Reading the local cache…</translation>
    </message>
    <message>
        <source>No local cache on this desktop</source>
        <translation>No local cache on this desktop</translation>
    </message>
    <message>
        <source>The routing database cannot be reached. You can still read, search, write drafts and notes; sends, transfers, notes, case data changes and “mark done” wait here and run when it is back.</source>
        <translation>The routing database cannot be reached. You can still read, search, write drafts and notes; sends, transfers, notes, case data changes and “mark done” wait here and run when it is back.</translation>
    </message>
    <message>
        <source>Actions waiting for the database: %1</source>
        <translation>Actions waiting for the database: %1</translation>
    </message>
    <message>
        <source>Nothing is waiting: every action reached the database.</source>
        <translation>Nothing is waiting: every action reached the database.</translation>
    </message>
    <message>
        <source>Waiting actions: %1</source>
        <translation>Waiting actions: %1</translation>
    </message>
    <message>
        <source>No waiting or refused actions</source>
        <translation>No waiting or refused actions</translation>
    </message>
    <message>
        <source>Drafts typed here that are not in the Drafts workbin yet:</source>
        <translation>Drafts typed here that are not in the Drafts workbin yet:</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(no subject)</translation>
    </message>
    <message>
        <source>Open “%1” again</source>
        <translation>Open “%1” again</translation>
    </message>
    <message>
        <source>Saved here %1</source>
        <translation>Saved here %1</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Follow the system</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Light</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dark</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Theme</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Preferences</translation>
    </message>
    <message>
        <source>The language is saved in the settings file ([user] language) and applies at once.</source>
        <translation>The language is saved in the settings file ([user] language) and applies at once.</translation>
    </message>
</context>
<context>
    <name>ResponsePicker</name>
    <message>
        <source>Standard responses</source>
        <translation>Standard responses</translation>
    </message>
    <message>
        <source>Search standard responses…</source>
        <translation>Search standard responses…</translation>
    </message>
    <message>
        <source>Search standard responses</source>
        <translation>Search standard responses</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Preview with the fields filled</source>
        <translation>Preview with the fields filled</translation>
    </message>
    <message>
        <source>Insert</source>
        <translation>Insert</translation>
    </message>
    <message>
        <source>Insert the standard response, its fields filled</source>
        <translation>Insert the standard response, its fields filled</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>All languages</source>
        <translation>All languages</translation>
    </message>
    <message>
        <source>Fields to fill: %1</source>
        <translation>Fields to fill: %1</translation>
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
        <translation>Bold</translation>
    </message>
    <message>
        <source>I</source>
        <translation>I</translation>
    </message>
    <message>
        <source>Italic</source>
        <translation>Italic</translation>
    </message>
    <message>
        <source>U</source>
        <translation>U</translation>
    </message>
    <message>
        <source>Underline</source>
        <translation>Underline</translation>
    </message>
    <message>
        <source>• List</source>
        <translation>• List</translation>
    </message>
    <message>
        <source>Bulleted list</source>
        <translation>Bulleted list</translation>
    </message>
    <message>
        <source>1. List</source>
        <translation>1. List</translation>
    </message>
    <message>
        <source>Numbered list</source>
        <translation>Numbered list</translation>
    </message>
    <message>
        <source>❝ Quote</source>
        <translation>❝ Quote</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>Quote</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>Insert link</source>
        <translation>Insert link</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Clear formatting</source>
        <translation>Clear formatting</translation>
    </message>
    <message>
        <source>Formatting</source>
        <translation>Formatting</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
</context>
<context>
    <name>SaveViewDialog</name>
    <message>
        <source>Save as view</source>
        <translation>Save as view</translation>
    </message>
    <message>
        <source>&amp;Name of the view (shown under Views; the same name replaces it):</source>
        <translation>&amp;Name of the view (shown under Views; the same name replaces it):</translation>
    </message>
    <message>
        <source>Name of the view</source>
        <translation>Name of the view</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <source>(no subject)</source>
        <translation>(no subject)</translation>
    </message>
    <message>
        <source>Search interactions</source>
        <translation>Search interactions</translation>
    </message>
    <message>
        <source>Search interactions: subject, contact, words, #id…</source>
        <translation>Search interactions: subject, contact, words, #id…</translation>
    </message>
    <message>
        <source>Interactions found</source>
        <translation>Interactions found</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>↑↓ to choose, Enter to open, Esc to close</source>
        <translation>↑↓ to choose, Enter to open, Esc to close</translation>
    </message>
    <message>
        <source>Cannot search for this: %1</source>
        <translation>Cannot search for this: %1</translation>
    </message>
    <message>
        <source>No interaction matches.</source>
        <translation>No interaction matches.</translation>
    </message>
    <message>
        <source>Found: %1 — Enter opens the chosen one</source>
        <translation>Found: %1 — Enter opens the chosen one</translation>
    </message>
    <message>
        <source>(offline: only the copy on this computer was searched)</source>
        <translation>(offline: only the copy on this computer was searched)</translation>
    </message>
</context>
<context>
    <name>SetupDatabasePage</name>
    <message>
        <source>Routing database</source>
        <translation>Routing database</translation>
    </message>
    <message>
        <source>Where agentdesk keeps the interactions. On your own, keep the standalone file; in a team, your administrator gives you the address of the shared database.</source>
        <translation>Where agentdesk keeps the interactions. On your own, keep the standalone file; in a team, your administrator gives you the address of the shared database.</translation>
    </message>
    <message>
        <source>Standalone: an SQLite file on this computer</source>
        <translation>Standalone: an SQLite file on this computer</translation>
    </message>
    <message>
        <source>Team: a shared PostgreSQL database</source>
        <translation>Team: a shared PostgreSQL database</translation>
    </message>
    <message>
        <source>Database URL</source>
        <translation>Database URL</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>kept in the system keyring, never in a file</source>
        <translation>kept in the system keyring, never in a file</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Test connection</translation>
    </message>
</context>
<context>
    <name>SetupMailboxPage</name>
    <message>
        <source>Mailbox</source>
        <translation>Mailbox</translation>
    </message>
    <message>
        <source>The mailbox customers write to. agentdesk fetches it over IMAP and sends your replies over SMTP.</source>
        <translation>The mailbox customers write to. agentdesk fetches it over IMAP and sends your replies over SMTP.</translation>
    </message>
    <message>
        <source>Connect a mailbox now</source>
        <translation>Connect a mailbox now</translation>
    </message>
    <message>
        <source>Mailbox name</source>
        <translation>Mailbox name</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Incoming mail (IMAP)</source>
        <translation>Incoming mail (IMAP)</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Security</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>kept in the system keyring</source>
        <translation>kept in the system keyring</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Folder</translation>
    </message>
    <message>
        <source>Outgoing mail (SMTP)</source>
        <translation>Outgoing mail (SMTP)</translation>
    </message>
    <message>
        <source>Use the IMAP user name and password for SMTP too</source>
        <translation>Use the IMAP user name and password for SMTP too</translation>
    </message>
    <message>
        <source>Certificate authority</source>
        <translation>Certificate authority</translation>
    </message>
    <message>
        <source>optional: a company CA file (.pem); certificates are always verified</source>
        <translation>optional: a company CA file (.pem); certificates are always verified</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Test connection</translation>
    </message>
</context>
<context>
    <name>SetupText</name>
    <message>
        <source>%1 refused the login: check the user name in the URL (your own database login) and the password.</source>
        <translation>%1 refused the login: check the user name in the URL (your own database login) and the password.</translation>
    </message>
    <message>
        <source>The certificate of %1 is not trusted or does not match its name: add sslrootcert=FILE (your administrator's certificate authority) or sslrootcert=system to the URL, and check the server name.</source>
        <translation>The certificate of %1 is not trusted or does not match its name: add sslrootcert=FILE (your administrator's certificate authority) or sslrootcert=system to the URL, and check the server name.</translation>
    </message>
    <message>
        <source>The secure connection (TLS) to %1 failed: the server may not offer TLS. Ask your administrator; only for a database on this computer may the URL say sslmode=disable.</source>
        <translation>The secure connection (TLS) to %1 failed: the server may not offer TLS. Ask your administrator; only for a database on this computer may the URL say sslmode=disable.</translation>
    </message>
    <message>
        <source>%1 cannot be reached: nothing answers at that address and port. Check the server name and the port, or whether the server runs.</source>
        <translation>%1 cannot be reached: nothing answers at that address and port. Check the server name and the port, or whether the server runs.</translation>
    </message>
    <message>
        <source>The server of %1 has no database of that name: check the name at the end of the URL.</source>
        <translation>The server of %1 has no database of that name: check the name at the end of the URL.</translation>
    </message>
    <message>
        <source>This URL is refused for %1: it would not protect the connection.</source>
        <translation>This URL is refused for %1: it would not protect the connection.</translation>
    </message>
    <message>
        <source>Signed in to %1 as %2, but this login is not a user of agentdesk: it would see nothing. Ask your administrator to declare you in the center file (agentdesk admin apply).</source>
        <translation>Signed in to %1 as %2, but this login is not a user of agentdesk: it would see nothing. Ask your administrator to declare you in the center file (agentdesk admin apply).</translation>
    </message>
    <message>
        <source>Signed in to %1 as %2, who belongs to no team: an agent or team lead without a team sees nothing. Ask your administrator to give you a team.</source>
        <translation>Signed in to %1 as %2, who belongs to no team: an agent or team lead without a team sees nothing. Ask your administrator to give you a team.</translation>
    </message>
    <message>
        <source>The name of %1 could not be found (DNS): check the server name.</source>
        <translation>The name of %1 could not be found (DNS): check the server name.</translation>
    </message>
    <message>
        <source>%1 refused the connection: nothing listens on that port. Check the port and the security.</source>
        <translation>%1 refused the connection: nothing listens on that port. Check the port and the security.</translation>
    </message>
    <message>
        <source>%1 did not answer in time: check the server name, the port and the network.</source>
        <translation>%1 did not answer in time: check the server name, the port and the network.</translation>
    </message>
    <message>
        <source>The certificate of %1 is not trusted: give the certificate authority file your administrator uses, or check the server name.</source>
        <translation>The certificate of %1 is not trusted: give the certificate authority file your administrator uses, or check the server name.</translation>
    </message>
    <message>
        <source>The secure connection to %1 failed: check the security setting and the port (TLS is usually 993 for IMAP and 465 for SMTP; STARTTLS 143 and 587).</source>
        <translation>The secure connection to %1 failed: check the security setting and the port (TLS is usually 993 for IMAP and 465 for SMTP; STARTTLS 143 and 587).</translation>
    </message>
    <message>
        <source>%1 does not offer STARTTLS; the password was not sent. Choose TLS, or ask for the right port.</source>
        <translation>%1 does not offer STARTTLS; the password was not sent. Choose TLS, or ask for the right port.</translation>
    </message>
    <message>
        <source>%1 refused the user name or the password.</source>
        <translation>%1 refused the user name or the password.</translation>
    </message>
    <message>
        <source>Signed in to %1, but the folder “%2” does not exist there.</source>
        <translation>Signed in to %1, but the folder “%2” does not exist there.</translation>
    </message>
    <message>
        <source>The connection to %1 failed.</source>
        <translation>The connection to %1 failed.</translation>
    </message>
    <message>
        <source>%1 answered something unexpected.</source>
        <translation>%1 answered something unexpected.</translation>
    </message>
    <message>
        <source>%1 has no agentdesk tables yet: ask your administrator to run “agentdesk db upgrade” on it.</source>
        <translation>%1 has no agentdesk tables yet: ask your administrator to run “agentdesk db upgrade” on it.</translation>
    </message>
    <message>
        <source>%1 cannot be reached or refused the connection.</source>
        <translation>%1 cannot be reached or refused the connection.</translation>
    </message>
    <message>
        <source>Not signed in for %1: sign in first.</source>
        <translation>Not signed in for %1: sign in first.</translation>
    </message>
    <message>
        <source>%1 refused the access token of the sign-in: the mailbox, its IMAP or SMTP permission, or the user's licence may be wrong. Ask your administrator.</source>
        <translation>%1 refused the access token of the sign-in: the mailbox, its IMAP or SMTP permission, or the user's licence may be wrong. Ask your administrator.</translation>
    </message>
    <message>
        <source>The sign-in for %1 failed.</source>
        <translation>The sign-in for %1 failed.</translation>
    </message>
    <message>
        <source>(%1)</source>
        <translation>(%1)</translation>
    </message>
    <message>
        <source>IMAP: signed in. Messages in “%1”: %2.</source>
        <translation>IMAP: signed in. Messages in “%1”: %2.</translation>
    </message>
    <message>
        <source>SMTP: signed in; ready to send.</source>
        <translation>SMTP: signed in; ready to send.</translation>
    </message>
</context>
<context>
    <name>SetupUserPage</name>
    <message>
        <source>Who you are</source>
        <translation>Who you are</translation>
    </message>
    <message>
        <source>agentdesk signs you in as one of the users of the routing database.</source>
        <translation>agentdesk signs you in as one of the users of the routing database.</translation>
    </message>
    <message>
        <source>Sign in as</source>
        <translation>Sign in as</translation>
    </message>
    <message>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Create the first user</source>
        <translation>Create the first user</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>e.g. sato</source>
        <translation>e.g. sato</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>as customers see it in signatures</source>
        <translation>as customers see it in signatures</translation>
    </message>
    <message>
        <source>Email address</source>
        <translation>Email address</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Set up agentdesk</source>
        <translation>Set up agentdesk</translation>
    </message>
    <message>
        <source>The settings could not be saved: %1</source>
        <translation>The settings could not be saved: %1</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Lists and dialogs</source>
        <translation>Lists and dialogs</translation>
    </message>
    <message>
        <source>Outbound email window</source>
        <translation>Outbound email window</translation>
    </message>
    <message>
        <source>Open the chosen interaction (a draft or rejected reply: to go on writing it)</source>
        <translation>Open the chosen interaction (a draft or rejected reply: to go on writing it)</translation>
    </message>
    <message>
        <source>Next / previous control</source>
        <translation>Next / previous control</translation>
    </message>
    <message>
        <source>Close a dialog, the palette or the search</source>
        <translation>Close a dialog, the palette or the search</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>Save draft</translation>
    </message>
    <message>
        <source>Close the window, keeping the draft</source>
        <translation>Close the window, keeping the draft</translation>
    </message>
    <message>
        <source>Bold / italic / underline</source>
        <translation>Bold / italic / underline</translation>
    </message>
    <message>
        <source>Bulleted / numbered list, quote</source>
        <translation>Bulleted / numbered list, quote</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>Clear formatting</source>
        <translation>Clear formatting</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Filter: part of a name or a key…</source>
        <translation>Filter: part of a name or a key…</translation>
    </message>
    <message>
        <source>Filter the shortcuts</source>
        <translation>Filter the shortcuts</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Keys</translation>
    </message>
    <message>
        <source>menu: %1</source>
        <translation>menu: %1</translation>
    </message>
</context>
<context>
    <name>SignInAgainDialog</name>
    <message>
        <source>Sign in again — %1</source>
        <translation>Sign in again — %1</translation>
    </message>
    <message>
        <source>The mail provider (%1) no longer accepts the sign-in of mailbox “%2” (%3). Until someone signs in again, no mail is fetched and replies wait in the outbox; they go out once after you sign in.</source>
        <translation>The mail provider (%1) no longer accepts the sign-in of mailbox “%2” (%3). Until someone signs in again, no mail is fetched and replies wait in the outbox; they go out once after you sign in.</translation>
    </message>
    <message>
        <source>The provider said: %1</source>
        <translation>The provider said: %1</translation>
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
        <translation>the provider</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in</source>
        <extracomment>the worker's job: (login, password) → SignedIn, raising CheckFailed</extracomment>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>Switch user</translation>
    </message>
    <message>
        <source>The database did not take the password kept for %1. Type your database password; it is kept in the system keyring.</source>
        <translation>The database did not take the password kept for %1. Type your database password; it is kept in the system keyring.</translation>
    </message>
    <message>
        <source>Sign in to the team database as another user, with their own login and password. This desktop's copy of your work is deleted and your password forgotten here.</source>
        <translation>Sign in to the team database as another user, with their own login and password. This desktop's copy of your work is deleted and your password forgotten here.</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Login:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Type the login of the user to sign in as.</source>
        <translation>Type the login of the user to sign in as.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Signing in…</translation>
    </message>
</context>
<context>
    <name>SnoozeDialog</name>
    <message>
        <source>Snooze until</source>
        <translation>Snooze until</translation>
    </message>
    <message>
        <source>&amp;Back in My interactions on:</source>
        <translation>&amp;Back in My interactions on:</translation>
    </message>
    <message>
        <source>That time has passed: choose a time to come.</source>
        <translation>That time has passed: choose a time to come.</translation>
    </message>
</context>
<context>
    <name>TagsDialog</name>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Tags on this interaction (untick to remove):</source>
        <translation>Tags on this interaction (untick to remove):</translation>
    </message>
    <message>
        <source>No tags yet.</source>
        <translation>No tags yet.</translation>
    </message>
    <message>
        <source>&amp;Add tags:</source>
        <translation>&amp;Add tags:</translation>
    </message>
    <message>
        <source>e.g. vip, billing — commas between tags</source>
        <translation>e.g. vip, billing — commas between tags</translation>
    </message>
    <message>
        <source>Tags to add</source>
        <translation>Tags to add</translation>
    </message>
    <message>
        <source>Not a tag: %1</source>
        <translation>Not a tag: %1</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Transfer to an agent</source>
        <translation>Transfer to an agent</translation>
    </message>
    <message>
        <source>To an agent</source>
        <translation>To an agent</translation>
    </message>
    <message>
        <source>To a team</source>
        <translation>To a team</translation>
    </message>
    <message>
        <source>Search team members…</source>
        <translation>Search team members…</translation>
    </message>
    <message>
        <source>Search team members</source>
        <translation>Search team members</translation>
    </message>
    <message>
        <source>Team members</source>
        <translation>Team members</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>optional, shown to the target</source>
        <translation>optional, shown to the target</translation>
    </message>
</context>
<context>
    <name>UserPage</name>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Team lead</source>
        <translation>Team lead</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Your database login decides who you are here; to work as someone else, sign in with their login.</source>
        <translation>Your database login decides who you are here; to work as someone else, sign in with their login.</translation>
    </message>
    <message>
        <source>The new standalone database has nobody yet: you are its first user. Your team gets the mailbox's mail.</source>
        <translation>The new standalone database has nobody yet: you are its first user. Your team gets the mailbox's mail.</translation>
    </message>
    <message>
        <source>This database has no users yet. Your administrator declares them in the center file (agentdesk admin apply).</source>
        <translation>This database has no users yet. Your administrator declares them in the center file (agentdesk admin apply).</translation>
    </message>
    <message>
        <source>Fill in: %1.</source>
        <translation>Fill in: %1.</translation>
    </message>
    <message>
        <source>This user cannot be created: %1</source>
        <translation>This user cannot be created: %1</translation>
    </message>
</context>
<context>
    <name>WorkbinsPanel</name>
    <message>
        <source>Workbin</source>
        <translation>Workbin</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(no subject)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>View</source>
        <translation>View</translation>
    </message>
    <message>
        <source>Workbins</source>
        <translation>Workbins</translation>
    </message>
    <message>
        <source>Items in the workbin</source>
        <translation>Items in the workbin</translation>
    </message>
    <message>
        <source>In this workbin</source>
        <translation>In this workbin</translation>
    </message>
    <message>
        <source>Pull</source>
        <translation>Pull</translation>
    </message>
    <message>
        <source>Take the chosen item out of its workbin</source>
        <translation>Take the chosen item out of its workbin</translation>
    </message>
    <message>
        <source>Move to</source>
        <translation>Move to</translation>
    </message>
    <message>
        <source>Move the chosen item to another workbin</source>
        <translation>Move the chosen item to another workbin</translation>
    </message>
    <message>
        <source>Move to another workbin</source>
        <translation>Move to another workbin</translation>
    </message>
    <message>
        <source>Delete draft</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <source>Delete the chosen draft</source>
        <translation>Delete the chosen draft</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Views</translation>
    </message>
    <message>
        <source>Saved views</source>
        <translation>Saved views</translation>
    </message>
    <message>
        <source>Delete the chosen view</source>
        <translation>Delete the chosen view</translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation>Drafts</translation>
    </message>
    <message>
        <source>In Progress</source>
        <translation>In Progress</translation>
    </message>
    <message>
        <source>My workbin</source>
        <translation>My workbin</translation>
    </message>
    <message>
        <source>Auto-filed</source>
        <translation>Auto-filed</translation>
    </message>
    <message>
        <source>Team: %1</source>
        <translation>Team: %1</translation>
    </message>
    <message>
        <source>Delete the draft “%1”? What it says is lost.</source>
        <translation>Delete the draft “%1”? What it says is lost.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
</context>
</TS>