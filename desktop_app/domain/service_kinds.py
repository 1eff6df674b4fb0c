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
    "so_no_tenant_named": QT_TRANSLATE_NOOP(
        "Sentences", "SuperOffice's sign-in named no tenant, so the app does not know which server to use."
    ),
    "so_no_token": QT_TRANSLATE_NOOP("Sentences", "SuperOffice's sign-in answered without an access token."),
    "so_sign_in_unreachable": QT_TRANSLATE_NOOP(
        "Sentences", "Could not reach SuperOffice to {what} ({error}); check the network connection and try again."
    ),
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

ALL = {"Sentences": {**HTTP, **CONNECTORS, **SIGN_IN}}
