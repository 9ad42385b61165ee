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
        <source>Case data</source>
        <translation>Case data</translation>
    </message>
    <message>
        <source>QA review</source>
        <translation>QA review</translation>
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
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <source>Command palette</source>
        <translation>Command palette</translation>
    </message>
    <message>
        <source>Type a command…</source>
        <translation>Type a command…</translation>
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
</context>
<context>
    <name>ComposeWindow</name>
    <message>
        <source>Outbound email — %1</source>
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
        <source>Forward instructions</source>
        <translation>Forward instructions</translation>
    </message>
    <message>
        <source>addresses, separated by commas</source>
        <translation>addresses, separated by commas</translation>
    </message>
    <message>
        <source>Enter forward instructions</source>
        <translation>Enter forward instructions</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
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
        <source>Save draft (%1)</source>
        <translation>Save draft (%1)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Standard response</source>
        <translation>Standard response</translation>
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
        <source>Fields to fill: %1</source>
        <translation>Fields to fill: %1</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>Check before sending</source>
        <translation>Check before sending</translation>
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
        <source>Attachments</source>
        <translation>Attachments</translation>
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
        <source>(no subject)</source>
        <translation>(no subject)</translation>
    </message>
    <message>
        <source>… show quoted text (%1 lines)</source>
        <translation>… show quoted text (%1 lines)</translation>
    </message>
    <message>
        <source>hide quoted text</source>
        <translation>hide quoted text</translation>
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
        <source>Note added</source>
        <translation>Note added</translation>
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
</context>
<context>
    <name>InteractionCommands</name>
    <message>
        <source>Reply</source>
        <extracomment>the commands of this module, in toolbar order commands reached from menus and the palette but not given their own toolbar button hands a tel: URI to the workstation's telephony (the OS's URL handler)</extracomment>
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
        <source>My workbin</source>
        <translation>My workbin</translation>
    </message>
    <message>
        <source>Team: %1</source>
        <translation>Team: %1</translation>
    </message>
</context>
<context>
    <name>InteractionTableModel</name>
    <message>
        <source>Subject</source>
        <extracomment>fetch_ids(ctx) -&gt; list[int]; fetch_summaries(ctx, ids) -&gt; list of InteractionSummary</extracomment>
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
        <source>(no subject)</source>
        <translation>(no subject)</translation>
    </message>
</context>
<context>
    <name>InteractionsPanel</name>
    <message>
        <source>My interactions</source>
        <translation>My interactions</translation>
    </message>
    <message>
        <source>Nothing assigned to you right now.
New interactions appear here as they are routed to you.</source>
        <translation>Nothing assigned to you right now.
New interactions appear here as they are routed to you.</translation>
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
        <source>Find any command by name</source>
        <translation>Find any command by name</translation>
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
        <source>Reset layout</source>
        <translation>Reset layout</translation>
    </message>
    <message>
        <source>Put every panel back where it started</source>
        <translation>Put every panel back where it started</translation>
    </message>
    <message>
        <source>About agentdesk</source>
        <translation>About agentdesk</translation>
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
        <source>No notes yet.</source>
        <translation>No notes yet.</translation>
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
    <name>PreferencesDialog</name>
    <message>
        <source>Language</source>
        <translation>Language</translation>
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
    <name>SetupDialog</name>
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
        <source>Type your login.</source>
        <translation>Type your login.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>This database has no agentdesk tables yet: ask your administrator to run “agentdesk db upgrade” on it.</source>
        <translation>This database has no agentdesk tables yet: ask your administrator to run “agentdesk db upgrade” on it.</translation>
    </message>
    <message>
        <source>The database knows no active user with the login “%1”. Your administrator declares users in the center file (agentdesk admin apply).</source>
        <translation>The database knows no active user with the login “%1”. Your administrator declares users in the center file (agentdesk admin apply).</translation>
    </message>
    <message>
        <source>The database cannot be reached: %1</source>
        <translation>The database cannot be reached: %1</translation>
    </message>
    <message>
        <source>The database could not be checked: %1</source>
        <translation>The database could not be checked: %1</translation>
    </message>
    <message>
        <source>The settings could not be saved: %1</source>
        <translation>The settings could not be saved: %1</translation>
    </message>
    <message>
        <source>Set up agentdesk</source>
        <translation>Set up agentdesk</translation>
    </message>
    <message>
        <source>Welcome to agentdesk</source>
        <translation>Welcome to agentdesk</translation>
    </message>
    <message>
        <source>Tell agentdesk where the routing database is and who you are. You can change this later in the settings file.</source>
        <translation>Tell agentdesk where the routing database is and who you are. You can change this later in the settings file.</translation>
    </message>
    <message>
        <source>Routing database</source>
        <translation>Routing database</translation>
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
        <source>postgresql+psycopg://sato@db.example.com/agentdesk</source>
        <translation>postgresql+psycopg://sato@db.example.com/agentdesk</translation>
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
        <source>Who you are</source>
        <translation>Who you are</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>the login your administrator gave you, e.g. sato</source>
        <translation>the login your administrator gave you, e.g. sato</translation>
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
        <source>Team: %1</source>
        <translation>Team: %1</translation>
    </message>
</context>
</TS>