"""The message kinds of the services' sentences: the connectors', the sign-in's, the keyring's, the store's, the run
lock's, the setup check's and the stop requests'. Pure data (key -> English template, by translation context),
declared in `domain.messages.KINDS` like the planner's and the engine's; marked with QT_TRANSLATE_NOOP so
pyside6-lupdate puts each in the Swedish catalogue. Kept apart from messages.py only for its length.
"""

from __future__ import annotations

from ..i18n import QT_TRANSLATE_NOOP

# ------------------------------------------------------------------ connectors/http.py: one request
HTTP = {
    "key_unsendable": QT_TRANSLATE_NOOP(
        "Sentences", "The {system} API key contains characters that cannot be sent; enter it again."
    ),
    "token_unsendable": QT_TRANSLATE_NOOP(
        "Sentences", "The {system} sign-in token or password contains characters that cannot be sent; enter it again."
    ),
    "maybe_saved": QT_TRANSLATE_NOOP(
        "Sentences",
        "{system} may or may not have saved a change ({fault}); it was not sent again, to avoid saving it twice.",
    ),
    "no_address": QT_TRANSLATE_NOOP("Sentences", "No {system} address is configured."),
    "address_scheme": QT_TRANSLATE_NOOP("Sentences", "The {system} address must start with https:// or http://."),
    "address_invalid": QT_TRANSLATE_NOOP("Sentences", "The {system} address is not a valid URL."),
    "setting_unsendable": QT_TRANSLATE_NOOP(
        "Sentences", "A request to {system} could not be sent: a setting holds characters that HTTP does not allow."
    ),
    "redirected": QT_TRANSLATE_NOOP(
        "Sentences",
        "{system} answered with a redirect (HTTP {status}) to {target}; check the {system} address setting.",
    ),
    "another_address": QT_TRANSLATE_NOOP("Sentences", "another address"),
    "http_other_vendor": QT_TRANSLATE_NOOP("Sentences", "{system} answered with HTTP {status}: {vendor}"),
    "http_other": QT_TRANSLATE_NOOP("Sentences", "{system} answered with HTTP {status}"),
    "unreachable": QT_TRANSLATE_NOOP(
        "Sentences", "Cannot reach {system} at {host}: {reason}. Check the address and the network connection."
    ),
    "exhausted": QT_TRANSLATE_NOOP(
        "Sentences", "{system} did not answer properly after {n} attempts (last: {fault}); try again later."
    ),
    # why one attempt failed (the "last:" of the sentence above)
    "fault_connect_timeout": QT_TRANSLATE_NOOP("Sentences", "connecting timed out after {seconds} s"),
    "fault_connect_timed_out": QT_TRANSLATE_NOOP("Sentences", "connecting timed out"),
    "fault_no_answer": QT_TRANSLATE_NOOP("Sentences", "no answer within {seconds} s"),
    "fault_deadline": QT_TRANSLATE_NOOP("Sentences", "the whole answer did not come within {seconds} s"),
    "fault_cut_off": QT_TRANSLATE_NOOP("Sentences", "cut off: the run is stopping"),
    "fault_cannot_connect": QT_TRANSLATE_NOOP("Sentences", "cannot connect: {reason}"),
    "fault_closed": QT_TRANSLATE_NOOP("Sentences", "the connection was closed before an answer came"),
    "fault_proxy": QT_TRANSLATE_NOOP("Sentences", "the proxy refused the connection"),
    "fault_decoding": QT_TRANSLATE_NOOP("Sentences", "the answer could not be decoded"),
    "fault_network": QT_TRANSLATE_NOOP("Sentences", "network error ({error})"),
    "fault_not_json": QT_TRANSLATE_NOOP("Sentences", "HTTP {status} with a body that is not valid JSON"),
    # an answer past connectors.http.MAX_ANSWER_BYTES once unpacked (an endless body, a gzip bomb): not retried
    "answer_too_large": QT_TRANSLATE_NOOP(
        "Sentences",
        "{system} sent an answer larger than {mb} MB, far more than any real answer, so it was not read; "
        "check the {system} address and any proxy in between.",
    ),
    "fault_too_large": QT_TRANSLATE_NOOP("Sentences", "its answer was larger than {mb} MB"),
    "reason_no_host": QT_TRANSLATE_NOOP("Sentences", "the host name could not be found"),
    "reason_refused": QT_TRANSLATE_NOOP("Sentences", "the connection was refused"),
    "reason_unreachable": QT_TRANSLATE_NOOP("Sentences", "the network or host is unreachable"),
    "reason_tls": QT_TRANSLATE_NOOP(
        "Sentences", "the secure connection could not be set up (certificate or TLS problem)"
    ),
    "reason_failed": QT_TRANSLATE_NOOP("Sentences", "the connection failed"),
    # connectors/errors.py
    "paging": QT_TRANSLATE_NOOP(
        "Sentences", "{system} does not follow the paging of {endpoint} ({what}), so the read stopped."
    ),
    "paging_wrong_page": QT_TRANSLATE_NOOP("Sentences", "page {served} came when page {asked} was asked for"),
    "paging_same_page": QT_TRANSLATE_NOOP("Sentences", "page {asked} was the same as the page before it"),
    "paging_too_many": QT_TRANSLATE_NOOP("Sentences", "{n} items came though it said there were {total}"),
    "paging_ids_again": QT_TRANSLATE_NOOP("Sentences", "rows up to id {id} came again after them"),
    "paging_only_old": QT_TRANSLATE_NOOP("Sentences", "a full page held only items it had already sent"),
}

# ------------------------------------------------------------------ both connectors: addresses and answers' shapes
CONNECTORS = {
    "url_missing": QT_TRANSLATE_NOOP("Sentences", "No {what} is set ({example})."),
    "url_invalid": QT_TRANSLATE_NOOP("Sentences", "{what} is not a valid URL ({example})."),
    "url_not_http": QT_TRANSLATE_NOOP("Sentences", "{what} must start with https:// and name a host ({example})."),
    "url_credentials": QT_TRANSLATE_NOOP("Sentences", "{what} must not contain a user name or password."),
    "url_query": QT_TRANSLATE_NOOP("Sentences", "{what} must not contain ? or # ({example})."),
    "url_no_api": QT_TRANSLATE_NOOP("Sentences", "{what} must end in /api/ ({example})."),
    "so_address": QT_TRANSLATE_NOOP("Sentences", "SuperOffice address"),
    "em_address": QT_TRANSLATE_NOOP("Sentences", "eMarketeer address"),
    "em_consent_address": QT_TRANSLATE_NOOP("Sentences", "eMarketeer consent address"),
    "the_so_address": QT_TRANSLATE_NOOP("Sentences", "The SuperOffice address"),
    "the_em_address": QT_TRANSLATE_NOOP("Sentences", "The eMarketeer address"),
    "the_em_consent_address": QT_TRANSLATE_NOOP("Sentences", "The eMarketeer consent address"),
    "for_example": QT_TRANSLATE_NOOP("Sentences", "e.g. {example}"),
    "for_example_or": QT_TRANSLATE_NOOP("Sentences", "e.g. {example} or {other}"),
    "and_pair": QT_TRANSLATE_NOOP("Sentences", "{first} and {second}"),
    "comma_pair": "{first}, {second}",
    "shape_no_field": QT_TRANSLATE_NOOP(
        "Sentences", "{system} answered {endpoint} without the field {field} ({what})."
    ),
    "shape_not_object": QT_TRANSLATE_NOOP(
        "Sentences", "{system} answered {endpoint} in an unexpected shape (not an object)."
    ),
    "shape_not_list": QT_TRANSLATE_NOOP(
        "Sentences", "{system} answered {endpoint} in an unexpected shape (not a list of {items})."
    ),
    "so_person_shape": QT_TRANSLATE_NOOP(
        "Sentences", "SuperOffice answered person {id}'s consents in an unexpected shape."
    ),
    "the_rows": QT_TRANSLATE_NOOP("Sentences", "the list of rows"),
    "the_items": QT_TRANSLATE_NOOP("Sentences", "the list of items"),
    "the_consents": QT_TRANSLATE_NOOP("Sentences", "the list of consents"),
    "the_records": QT_TRANSLATE_NOOP("Sentences", "the list of records"),
    "the_tenant_address": QT_TRANSLATE_NOOP("Sentences", "the tenant's address"),
    "legal_base_items": QT_TRANSLATE_NOOP("Sentences", "legal base items"),
    "purpose_items": QT_TRANSLATE_NOOP("Sentences", "consent purpose items"),
    "source_items": QT_TRANSLATE_NOOP("Sentences", "consent source items"),
    "purposes_items": QT_TRANSLATE_NOOP("Sentences", "purposes"),
    "legal_bases_items": QT_TRANSLATE_NOOP("Sentences", "legal bases"),
    "sources_items": QT_TRANSLATE_NOOP("Sentences", "sources"),
    "field_notice": QT_TRANSLATE_NOOP(
        "Sentences",
        "{system} answered {endpoint} with the field {field} missing or not of the expected type in at least one "
        "record; those records are listed as errors. If this repeats, send the diagnostics file to support.",
    ),
    "field_notice_not_object": QT_TRANSLATE_NOOP(
        "Sentences",
        "{system} answered {endpoint} with the field {field} not an object in at least one record; those records "
        "are listed as errors. If this repeats, send the diagnostics file to support.",
    ),
    # a contact or a row the run could not read (the conflict view's and the history's error rows, R17)
    "so_person_problem": QT_TRANSLATE_NOOP("Sentences", "SuperOffice person {id}: {why}"),
    "em_contact_problem": QT_TRANSLATE_NOOP("Sentences", "eMarketeer contact {id}: {why}"),
    "em_consent_problem": QT_TRANSLATE_NOOP("Sentences", "eMarketeer consent: {why}"),
    "a_consent_row": QT_TRANSLATE_NOOP("Sentences", "a consent row is not an object ({type}); skipped"),
    "an_email_row": QT_TRANSLATE_NOOP("Sentences", "an e-mail row is not an object ({type}); skipped"),
    "an_em_consent_record": QT_TRANSLATE_NOOP(
        "Sentences", "an eMarketeer consent record is not an object ({type}); skipped"
    ),
    "an_em_contact": QT_TRANSLATE_NOOP("Sentences", "an eMarketeer contact is not an object ({type}); skipped"),
    "consent_row": QT_TRANSLATE_NOOP("Sentences", "consent row {id}"),
    "consent_row_no_id": QT_TRANSLATE_NOOP("Sentences", "a consent row without id"),
    "skip_so_row_no_person": QT_TRANSLATE_NOOP("Sentences", "SuperOffice {row} has no person id; skipped"),
    "skip_so_row_no_purpose": QT_TRANSLATE_NOOP(
        "Sentences", "SuperOffice {row} of person {person} has no consent purpose key; skipped"
    ),
    "skip_so_email_no_person": QT_TRANSLATE_NOOP("Sentences", "SuperOffice e-mail row {id} has no person id; skipped"),
    "skip_so_email_no_rank": QT_TRANSLATE_NOOP(
        "Sentences", "SuperOffice person {person}: e-mail row {id} has no readable rank; skipped"
    ),
    "skip_so_creation_time": QT_TRANSLATE_NOOP(
        "Sentences",
        "SuperOffice person {person}: creation time: {error}; treated as unknown when choosing among duplicates",
    ),
    "skip_so_consent_not_object": QT_TRANSLATE_NOOP(
        "Sentences", "SuperOffice person {person}: a consent is not an object; skipped"
    ),
    "skip_so_consent_no_purpose": QT_TRANSLATE_NOOP(
        "Sentences", "SuperOffice person {person}: a consent has no purpose key; skipped"
    ),
    "skip_em_record_no_key": QT_TRANSLATE_NOOP(
        "Sentences", "an eMarketeer consent record has no key (e-mail); skipped"
    ),
    "skip_em_unknown_purpose": QT_TRANSLATE_NOOP(
        "Sentences", "eMarketeer consent record for {email} has an unknown purpose {purpose}; skipped"
    ),
    "skip_em_contact_no_email": QT_TRANSLATE_NOOP(
        "Sentences", "eMarketeer contact {id} has no e-mail address; skipped"
    ),
    "no_id": QT_TRANSLATE_NOOP("Sentences", "(no id)"),
    # connectors/superoffice.py
    "so_needs_auth": QT_TRANSLATE_NOOP(
        "Sentences", "SuperOffice needs a user name and password (on-site) or a sign-in (Online)."
    ),
    "so_403": QT_TRANSLATE_NOOP(
        "Sentences",
        "SuperOffice refused access (HTTP 403): the signed-in user lacks the rights to persons' consents, or the "
        "tenant's licence does not allow this application (a custom application needs the Development Tools "
        "licence or the CRM Suite Core plan).",
    ),
    "so_403_vendor": QT_TRANSLATE_NOOP(
        "Sentences",
        "SuperOffice refused access (HTTP 403): the signed-in user lacks the rights to persons' consents, or the "
        "tenant's licence does not allow this application (a custom application needs the Development Tools "
        "licence or the CRM Suite Core plan). SuperOffice said: {vendor}",
    ),
    "so_unknown_tenant": QT_TRANSLATE_NOOP(
        "Sentences",
        "SuperOffice Online does not know the tenant {tenant}; check the SuperOffice address and the environment "
        "(online, qaonline or sod).",
    ),
    "so_421_no_tenant": QT_TRANSLATE_NOOP(
        "Sentences",
        "SuperOffice answered that this tenant is served from another host (HTTP 421), and the address holds no "
        "tenant id (CustNNNNN) to look the new host up; check the SuperOffice address.",
    ),
    "so_tenant_not_running": QT_TRANSLATE_NOOP(
        "Sentences", "SuperOffice reports the tenant {tenant} as {state}, not running; try again later."
    ),
    "so_sign_in_expired": QT_TRANSLATE_NOOP(
        "Sentences", "The SuperOffice sign-in has expired and could not be renewed; sign in again."
    ),
    "so_lacks": QT_TRANSLATE_NOOP(
        "Sentences",
        "The SuperOffice tenant lacks {missing}; legal basis sync needs the built-in purposes STORE and EMARKETING "
        "(active) and the legal base WITHDRAWN.",
    ),
    "so_lacks_purpose": QT_TRANSLATE_NOOP("Sentences", "the consent purpose {key}"),
    "so_lacks_purpose_inactive": QT_TRANSLATE_NOOP("Sentences", "the consent purpose {key} (it is inactive)"),
    "so_lacks_base": QT_TRANSLATE_NOOP("Sentences", "the legal base {key}"),
    "so_source_missing": QT_TRANSLATE_NOOP(
        "Sentences",
        "The SuperOffice consent source {key} chosen as the write source is not in the tenant's consent sources "
        "(it lists {offered}); choose one in Settings or add it in SuperOffice.",
    ),
    "none_listed": QT_TRANSLATE_NOOP("Sentences", "none"),
    "so_archive_no_ids": QT_TRANSLATE_NOOP(
        "Sentences", "SuperOffice's archive returned a full page without usable row ids, so the read cannot go on."
    ),
    "so_no_person": QT_TRANSLATE_NOOP("Sentences", "SuperOffice has no person {id}."),
    # connectors/emarketeer.py
    "em_no_key": QT_TRANSLATE_NOOP("Sentences", "No eMarketeer API key is set."),
    "em_no_route": QT_TRANSLATE_NOOP(
        "Sentences",
        'eMarketeer has no endpoint {path} at {host} (HTTP 403 "Missing Authentication Token"): the eMarketeer '
        "address is wrong; leave it empty for eMarketeer's own hosts.",
    ),
    "em_key_refused": QT_TRANSLATE_NOOP(
        "Sentences",
        "eMarketeer refused the API key (HTTP {status}): the key is wrong, missing or revoked; create a key for "
        "this app in eMarketeer under Settings, Plugins and integration, and enter it again.",
    ),
    "em_403_vendor": QT_TRANSLATE_NOOP("Sentences", "eMarketeer refused the request (HTTP 403): {vendor}"),
    "em_lacks": QT_TRANSLATE_NOOP(
        "Sentences", "The eMarketeer account lacks {missing}; legal basis sync cannot run without it."
    ),
    "em_lacks_purpose": QT_TRANSLATE_NOOP("Sentences", "the purpose '{name}'"),
    "em_lacks_basis": QT_TRANSLATE_NOOP("Sentences", "the legal basis '{name}'"),
    "em_source_missing": QT_TRANSLATE_NOOP(
        "Sentences",
        "The eMarketeer consent source '{name}' chosen as the write source is not among the account's consent "
        "sources ({offered}); choose one in Settings.",
    ),
    "em_no_contact": QT_TRANSLATE_NOOP("Sentences", "eMarketeer has no contact {email}."),
    "em_no_basis": QT_TRANSLATE_NOOP(
        "Sentences", "The eMarketeer account has no legal basis '{name}', so it cannot be written."
    ),
    "em_no_saved_time": QT_TRANSLATE_NOOP(
        "Sentences", "eMarketeer accepted a consent but its answer did not say when it was saved."
    ),
    "em_no_list": QT_TRANSLATE_NOOP("Sentences", "eMarketeer has no contact list {id}."),
    "em_send_unreadable": QT_TRANSLATE_NOOP(
        "Sentences", "eMarketeer accepted the send, but its answer could not be read."
    ),
}

# ------------------------------------------------------------------ connectors/superoffice_oauth.py: the sign-in
SIGN_IN = {
    "so_sign_in_cancelled": QT_TRANSLATE_NOOP("Sentences", "The SuperOffice sign-in was cancelled."),
    "so_state_url_invalid": QT_TRANSLATE_NOOP(
        "Sentences", "The SuperOffice Online state address is not a valid http:// or https:// address."
    ),
    "so_refresh_refused_env": QT_TRANSLATE_NOOP(
        "Sentences",
        "SuperOffice no longer accepts the refresh token in {variable} (it expired or was revoked); sign in again in "
        "the Legal Basis Sync window and put its new refresh token in that variable.",
    ),
    "so_refresh_refused_keyring": QT_TRANSLATE_NOOP(
        "Sentences",
        "SuperOffice no longer accepts the sign-in saved in the keyring (it expired or was revoked); sign in again "
        "in the Legal Basis Sync window (Settings, Sign in to SuperOffice) as this user, or set {variable}.",
    ),
    "so_no_tenant_named": QT_TRANSLATE_NOOP(
        "Sentences", "SuperOffice's sign-in named no tenant, so the app does not know which server to use."
    ),
    "so_no_token": QT_TRANSLATE_NOOP("Sentences", "SuperOffice's sign-in answered without an access token."),
    "renew_sign_in": QT_TRANSLATE_NOOP("Sentences", "renew the sign-in"),
    "finish_sign_in": QT_TRANSLATE_NOOP("Sentences", "finish the sign-in"),
    "so_grant_refused": QT_TRANSLATE_NOOP(
        "Sentences", "SuperOffice no longer accepts this sign-in; sign in to SuperOffice again."
    ),
    "so_sign_in_refused": QT_TRANSLATE_NOOP("Sentences", "SuperOffice refused to {what} (HTTP {status})."),
    "so_sign_in_refused_code": QT_TRANSLATE_NOOP(
        "Sentences", "SuperOffice refused to {what} (HTTP {status}) ({code})."
    ),
    "so_nothing_to_renew": QT_TRANSLATE_NOOP(
        "Sentences", "There is no saved SuperOffice sign-in to renew; sign in to SuperOffice again."
    ),
    "so_host_lookup_failed": QT_TRANSLATE_NOOP(
        "Sentences", "Could not look up which SuperOffice server hosts {tenant}; try again."
    ),
    "so_state_unknown_tenant": QT_TRANSLATE_NOOP(
        "Sentences", "SuperOffice's state service does not know the tenant {tenant}."
    ),
    "so_sign_in_timeout": QT_TRANSLATE_NOOP(
        "Sentences", "The SuperOffice sign-in was not finished in the browser in time; try again."
    ),
    "so_sign_in_declined": QT_TRANSLATE_NOOP(
        "Sentences", "The sign-in was declined in the browser, so the app has no access to SuperOffice."
    ),
    "so_sign_in_incomplete": QT_TRANSLATE_NOOP(
        "Sentences", "SuperOffice did not complete the sign-in ({error}); try again."
    ),
    "so_no_client_id": QT_TRANSLATE_NOOP(
        "Sentences", "The SuperOffice Online application id is not set; enter it under Advanced first."
    ),
    "so_cannot_listen": QT_TRANSLATE_NOOP(
        "Sentences", "Could not listen on {host} for the sign-in's answer ({error})."
    ),
}

# ------------------------------------------------------------------ sending: where a send's recipients come from
SOURCES = {
    "source_list": QT_TRANSLATE_NOOP("Sentences", "eMarketeer list '{name}' ({size})"),
    "source_pasted": QT_TRANSLATE_NOOP("Sentences", "pasted addresses"),
    "left_out_got": QT_TRANSLATE_NOOP(
        "Sentences", "Already got {what} in send {send} at {at}; left out so that nobody gets it twice."
    ),
    "left_out_maybe_got": QT_TRANSLATE_NOOP(
        "Sentences",
        "May already have got {what} in send {send} (eMarketeer's answer was lost); left out so that nobody gets it "
        "twice.",
    ),
    "source_file": QT_TRANSLATE_NOOP("Sentences", "file {file}"),
    "source_given": QT_TRANSLATE_NOOP("Sentences", "addresses given on the command line"),
}

# ------------------------------------------------------------------ sending: a stop during a send, a list not read
SENDING = {
    "stop_batch_on_its_way": QT_TRANSLATE_NOOP(
        "Sentences",
        "{stopped} while batch {k} of {total} was on its way, so its {n} recipients may or may not have been sent "
        "to: they are recorded as unknown and are not sent again automatically",
    ),
    "stop_last_batch_answered": QT_TRANSLATE_NOOP(
        "Sentences",
        "{stopped} while the last batch was on its way; its answer came, so the send is complete: sent to "
        "{accepted} (rejected {rejected}, unknown {unknown}).",
    ),
    "stop_before_it_went": QT_TRANSLATE_NOOP(
        "Sentences",
        "{stopped} before it went; it stays scheduled and goes at the next check for due sends.",
    ),
    "stopped_plain": QT_TRANSLATE_NOOP("Sentences", "stopped"),
    "note_list_unread": QT_TRANSLATE_NOOP(
        "Sentences", "The list could not be read when the send fell due: {why} It stays scheduled."
    ),
    "note_attempt_failed": QT_TRANSLATE_NOOP("Sentences", "Last attempt failed: {why} It stays scheduled."),
    "note_interrupted_due": QT_TRANSLATE_NOOP(
        "Sentences", "The app ended after checking the recipients and before sending; it is checked again when it goes."
    ),
    "stays_scheduled": QT_TRANSLATE_NOOP("Sentences", "Send {send} stays scheduled: {why}"),
    "list_empty_when_due": QT_TRANSLATE_NOOP(
        "Sentences", "The list was empty when the send fell due; nothing was sent."
    ),
    "cancelled_before_sent": QT_TRANSLATE_NOOP("Sentences", "Cancelled by the user before it was sent."),
    "send_not_waiting": QT_TRANSLATE_NOOP("Sentences", "Send {send} is not waiting to be sent."),
    "send_answers_unrecorded": QT_TRANSLATE_NOOP(
        "Sentences",
        "Send {send} had stopped before its last answers were recorded: sent to {accepted} (rejected {rejected}, "
        "unknown {unknown}), nothing is left to send, and the unknown ones are not sent again automatically.",
    ),
    "lists_unreadable": QT_TRANSLATE_NOOP("Sentences", "The eMarketeer contact lists could not be read: {why}."),
    "list_unreadable": QT_TRANSLATE_NOOP("Sentences", "The eMarketeer list {id} could not be read: {why}."),
}

# ------------------------------------------------------------------ secrets.py: the keyring
KEYRING = {
    "keyring_setup": QT_TRANSLATE_NOOP(
        "Sentences",
        "The system keyring could not be set up ({error}); secrets are never stored in a file, so fix the keyring "
        "or pass them in the environment.",
    ),
    "keyring_none": QT_TRANSLATE_NOOP(
        "Sentences",
        "No usable system keyring was found (keyring backend: {backend}); secrets are never stored in a file, so "
        "install and unlock one (GNOME Keyring, KWallet, the Windows Credential Locker or the macOS Keychain) or "
        "pass them in the environment ({names}).",
    ),
    "keyring_locked_read": QT_TRANSLATE_NOOP(
        "Sentences", "The system keyring is locked, so {what} could not be read; unlock it and try again."
    ),
    "keyring_locked_store": QT_TRANSLATE_NOOP(
        "Sentences", "The system keyring is locked, so {what} could not be stored; unlock it and try again."
    ),
    "keyring_locked_delete": QT_TRANSLATE_NOOP(
        "Sentences", "The system keyring is locked, so {what} could not be deleted; unlock it and try again."
    ),
    "keyring_refused_read": QT_TRANSLATE_NOOP("Sentences", "The system keyring refused to read {what} ({error})."),
    "keyring_refused_store": QT_TRANSLATE_NOOP("Sentences", "The system keyring refused to store {what} ({error})."),
    "keyring_refused_delete": QT_TRANSLATE_NOOP("Sentences", "The system keyring refused to delete {what} ({error})."),
    "secret_so_password": QT_TRANSLATE_NOOP("Sentences", "the SuperOffice password"),
    "secret_so_token": QT_TRANSLATE_NOOP("Sentences", "the SuperOffice Online access token"),
    "secret_so_refresh": QT_TRANSLATE_NOOP("Sentences", "the SuperOffice Online refresh token"),
    "secret_em_key": QT_TRANSLATE_NOOP("Sentences", "the eMarketeer API key"),
}

# ------------------------------------------------------------------ store/: the history database and the data directory
STORE = {
    "db_closed": QT_TRANSLATE_NOOP("Sentences", "The history database at {path} was already closed."),
    "db_unusable": QT_TRANSLATE_NOOP("Sentences", "The history database at {path} could not be used: {error}."),
    "db_open_failed": QT_TRANSLATE_NOOP("Sentences", "The history database at {path} could not be opened: {error}."),
    "db_read_failed": QT_TRANSLATE_NOOP("Sentences", "The history database at {path} could not be read: {error}."),
    "db_move_aside_failed": QT_TRANSLATE_NOOP(
        "Sentences", "The history database at {path} is damaged and could not be moved aside: {error}."
    ),
    "data_dir_failed": QT_TRANSLATE_NOOP("Sentences", "The data directory {path} could not be created: {error}."),
    "db_too_new": QT_TRANSLATE_NOOP(
        "Sentences",
        "The history database at {path} was written by a newer version of Legal Basis Sync (schema {found}; this "
        "version knows up to {known}). Update the app or point it at another data directory.",
    ),
    # PRAGMA user_version below 0: no release writes one, so the ladder cannot say where such a file stands
    "db_version_unknown": QT_TRANSLATE_NOOP(
        "Sentences",
        "The history database at {path} has schema version {found}, which no version of Legal Basis Sync writes; "
        "it was left untouched. Restore a copy of it or point the app at another data directory.",
    ),
    "db_backup_failed": QT_TRANSLATE_NOOP(
        "Sentences",
        "The history database at {path} needs an upgrade, but a backup could not be written first ({error}); "
        "nothing was changed.",
    ),
    "db_upgrading": QT_TRANSLATE_NOOP(
        "Sentences",
        "The history database at {path} is being upgraded by another process that has not finished; try again later.",
    ),
    "db_open_in_older": QT_TRANSLATE_NOOP(
        "Sentences",
        "The history database at {path} needs an upgrade, but an older copy of Legal Basis Sync has it open (a "
        "window or a scheduled sync of the version before); nothing was changed. Close that copy, then try again.",
    ),
    "db_upgrade_failed": QT_TRANSLATE_NOOP(
        "Sentences",
        "The history database at {path} could not be upgraded from schema {found} to {known} ({error}). It was "
        "left at schema {step}.",
    ),
    "db_upgrade_failed_copy": QT_TRANSLATE_NOOP(
        "Sentences",
        "The history database at {path} could not be upgraded from schema {found} to {known} ({error}). It was "
        "left at schema {step}; a copy from before the upgrade is at {copy}.",
    ),
    "disk_full": QT_TRANSLATE_NOOP(
        "Sentences",
        "The disk holding {where} is full: free some space; nothing was half-recorded and the next run will "
        "complete the work.",
    ),
    "disk_read_only": QT_TRANSLATE_NOOP(
        "Sentences",
        "The disk holding {where} is read-only: make it writable; nothing was half-recorded and the next run will "
        "complete the work.",
    ),
    "preview_disk_full": QT_TRANSLATE_NOOP(
        "Sentences",
        "The conflict view could not be shown: the disk holding the temporary folder {where} is full. Free some "
        "space and preview again; the run itself is recorded.",
    ),
    "the_data_directory": QT_TRANSLATE_NOOP("Sentences", "the data directory"),
}

# ------------------------------------------------------------------ sync/lock.py, sync/worker.py, sync/stopping.py
RUNS = {
    "lock_held_pid": QT_TRANSLATE_NOOP(
        "Sentences",
        "Another sync is already running on the data directory {path} (process {pid}); try again when it has finished.",
    ),
    "lock_held": QT_TRANSLATE_NOOP(
        "Sentences", "Another sync is already running on the data directory {path}; try again when it has finished."
    ),
    "lock_unusable": QT_TRANSLATE_NOOP(
        "Sentences", "The data directory {path} cannot be used: its run lock could not be made ({error})."
    ),
    "sync_crashed": QT_TRANSLATE_NOOP(
        "Sentences", "The sync stopped because of an unexpected error ({error}); the details are in the log file."
    ),
    "job_crashed": QT_TRANSLATE_NOOP(
        "Sentences", "It stopped because of an unexpected error ({error}); the details are in the log file."
    ),
    "db_not_opened": QT_TRANSLATE_NOOP("Sentences", "The history database could not be opened ({error})."),
    "stopped_by_request": QT_TRANSLATE_NOOP(
        "Sentences", "Stopped by {what}; what was done is recorded, and the next run goes on from there."
    ),
    "stop_sigterm": QT_TRANSLATE_NOOP("Sentences", "a stop request (SIGTERM)"),
    "stop_sighup": QT_TRANSLATE_NOOP("Sentences", "the terminal closing (SIGHUP)"),
    "stop_console_closing": QT_TRANSLATE_NOOP("Sentences", "the console window closing"),
    "stop_logging_off": QT_TRANSLATE_NOOP("Sentences", "the user logging off"),
    "stop_shutting_down": QT_TRANSLATE_NOOP("Sentences", "the computer shutting down"),
}

# ------------------------------------------------------------------ sync/setup_check.py: Check setup's items
SETUP_CHECK = {
    "check_not_checked": QT_TRANSLATE_NOOP("Sentences", "Not checked, because {why}."),
    "check_settings_incomplete": QT_TRANSLATE_NOOP("Sentences", "The settings are incomplete."),
    "check_settings_ok": QT_TRANSLATE_NOOP(
        "Sentences", "Every setting and secret a run needs is there (secrets come from the keyring or the environment)."
    ),
    "why_so_settings": QT_TRANSLATE_NOOP("Sentences", "the SuperOffice settings cannot be used"),
    "why_em_settings": QT_TRANSLATE_NOOP("Sentences", "the eMarketeer settings cannot be used"),
    "why_so_unread": QT_TRANSLATE_NOOP("Sentences", "SuperOffice could not be read"),
    "why_em_unread": QT_TRANSLATE_NOOP("Sentences", "eMarketeer could not be read"),
    "why_clock_unread": QT_TRANSLATE_NOOP("Sentences", "a service's clock could not be read"),
    "why_unreachable": QT_TRANSLATE_NOOP("Sentences", "{system} could not be reached"),
    "check_clocks_apart": QT_TRANSLATE_NOOP(
        "Sentences",
        "SuperOffice's and eMarketeer's clocks are {seconds} s apart, more than half the clock-skew window "
        "({window} s): changes on both sides close together may be decided the wrong way; tell the services' "
        "support, or widen the clock-skew window in Settings.",
    ),
    "check_clocks_close": QT_TRANSLATE_NOOP(
        "Sentences",
        "SuperOffice's and eMarketeer's clocks are {seconds} s apart, well within the clock-skew window ({window} s).",
    ),
    "check_db_damaged": QT_TRANSLATE_NOOP(
        "Sentences",
        "The history database at {path} is damaged ({problem}); the next run moves it aside, keeping it, and "
        "starts a new one: keep the moved file for support.",
    ),
    "check_db_sound": QT_TRANSLATE_NOOP("Sentences", "The history database at {path} was read whole and is sound."),
    "check_db_none": QT_TRANSLATE_NOOP("Sentences", "No history database at {path} yet; the first run makes one."),
    "check_so_signed_in": QT_TRANSLATE_NOOP("Sentences", "Signed in to SuperOffice at {host}."),
    "check_onsite_running": QT_TRANSLATE_NOOP("Sentences", "An on-site installation: it answered, so it is running."),
    "check_tenant_running": QT_TRANSLATE_NOOP(
        "Sentences", "SuperOffice Online reports tenant {tenant} as {state}, with the API available."
    ),
    "check_tenant_not_running": QT_TRANSLATE_NOOP(
        "Sentences",
        "SuperOffice Online reports tenant {tenant} as {state}, not running: runs will stop until it is running again.",
    ),
    "check_so_source": QT_TRANSLATE_NOOP("Sentences", "Changes are saved with the consent source {key} ({name})."),
    "check_em_source": QT_TRANSLATE_NOOP("Sentences", "Changes are saved with the consent source '{name}'."),
    "check_em_key_ok": QT_TRANSLATE_NOOP("Sentences", "eMarketeer at {host} accepted the API key."),
    "check_purpose_keys": QT_TRANSLATE_NOOP(
        "Sentences", "All {n} consent purpose keys the sync uses are there ({keys})."
    ),
    "check_base_keys": QT_TRANSLATE_NOOP("Sentences", "All {n} legal base keys the sync uses are there ({keys})."),
    "check_so_lacks_purposes": QT_TRANSLATE_NOOP(
        "Sentences",
        "The SuperOffice tenant lacks these consent purposes: {missing}; add or reactivate them in SuperOffice's "
        "settings (Lists), keeping the built-in keys.",
    ),
    "check_so_lacks_bases": QT_TRANSLATE_NOOP(
        "Sentences",
        "The SuperOffice tenant lacks these legal bases: {missing}; add or reactivate them in SuperOffice's "
        "settings (Lists), keeping the built-in keys.",
    ),
    "check_inactive": QT_TRANSLATE_NOOP("Sentences", "{key} (inactive)"),
    "check_purpose_names": QT_TRANSLATE_NOOP("Sentences", "All {n} purpose names the sync uses are there."),
    "check_basis_names": QT_TRANSLATE_NOOP("Sentences", "All {n} legal basis names the sync uses are there."),
    "check_em_lacks_purposes": QT_TRANSLATE_NOOP(
        "Sentences",
        "The eMarketeer account lacks these purposes: {missing}; legal basis sync maps them by name, so ask "
        "eMarketeer's support to add them.",
    ),
    "check_em_lacks_bases": QT_TRANSLATE_NOOP(
        "Sentences",
        "The eMarketeer account lacks these legal bases: {missing}; legal basis sync maps them by name, so ask "
        "eMarketeer's support to add them.",
    ),
    "check_no_rows_field": QT_TRANSLATE_NOOP(
        "Sentences",
        "{system} answered {endpoint} without the field {field} (a list): the sync cannot read it; send the "
        "diagnostics file to support.",
    ),
    "check_no_rows_yet": QT_TRANSLATE_NOOP(
        "Sentences", "{system} answered {endpoint} in the expected shape, with no rows yet to check field by field."
    ),
    "check_rows_differ": QT_TRANSLATE_NOOP(
        "Sentences",
        "{system} answered {endpoint} differently from what the sync expects: {problems}; send the diagnostics "
        "file to support.",
    ),
    "check_one_row_ok": QT_TRANSLATE_NOOP("Sentences", "{n} row of {endpoint} read, all {total} fields as expected."),
    "check_rows_ok": QT_TRANSLATE_NOOP("Sentences", "{n} rows of {endpoint} read, all {total} fields as expected."),
    "rows_not_objects": QT_TRANSLATE_NOOP("Sentences", "{n} of {total} rows are not objects"),
    "field_missing_in": QT_TRANSLATE_NOOP("Sentences", "{field} is missing in {n} of {total} rows"),
    "field_empty_in": QT_TRANSLATE_NOOP("Sentences", "{field} is empty in {n} of {total} rows"),
    "field_not_id_in": QT_TRANSLATE_NOOP("Sentences", "{field} is not a whole number in {n} of {total} rows"),
    "field_not_text_in": QT_TRANSLATE_NOOP("Sentences", "{field} is not text in {n} of {total} rows"),
    "field_not_time_in": QT_TRANSLATE_NOOP("Sentences", "{field} is not an ISO-8601 date-time in {n} of {total} rows"),
    "semicolon_pair": "{first}; {second}",
    "check_no_date": QT_TRANSLATE_NOOP(
        "Sentences",
        "{system} answered without a Date header, so its clock cannot be compared with this machine's; runs then "
        "rely on the change times alone.",
    ),
    "check_clock_ahead": QT_TRANSLATE_NOOP(
        "Sentences",
        "{system}'s clock is {seconds} s ahead of this machine's, more than the clock-skew window ({window} s): set "
        "this machine's clock right (automatic time), or tell the service's support.",
    ),
    "check_clock_behind": QT_TRANSLATE_NOOP(
        "Sentences",
        "{system}'s clock is {seconds} s behind this machine's, more than the clock-skew window ({window} s): set "
        "this machine's clock right (automatic time), or tell the service's support.",
    ),
    "check_clock_ok": QT_TRANSLATE_NOOP(
        "Sentences", "{system}'s clock is within {seconds} s of this machine's (clock-skew window {window} s)."
    ),
    "check_tls_failed": QT_TRANSLATE_NOOP(
        "Sentences",
        "The secure connection to {system} could not be verified (certificate or TLS problem): check the address and "
        "the machine's date; a certificate your company issued, or that of a proxy that intercepts HTTPS, must be in "
        "this computer's certificate store, where the app looks as your browser does.",
    ),
    "check_plain_http": QT_TRANSLATE_NOOP(
        "Sentences",
        "The {system} address {host} uses http://, so the traffic (consents and credentials) is not encrypted: use "
        "its https:// address.",
    ),
    "check_loopback": QT_TRANSLATE_NOOP("Sentences", "{system} is on this machine (loopback), where no TLS is needed."),
    "check_tls_ok": QT_TRANSLATE_NOOP("Sentences", "HTTPS with a verified certificate ({hosts})."),
}

ALL = {"Sentences": {**HTTP, **CONNECTORS, **SIGN_IN, **KEYRING, **STORE, **RUNS, **SETUP_CHECK, **SOURCES, **SENDING}}
