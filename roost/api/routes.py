"""The whole URL table in one place: Twitter's paths, methods, auth, rate-limit resource.

Read this first. Paths are Twitter's own (v1.1 with ``.json``); ``resource`` names the row of
ratelimit/rules.py that the request is charged to; ``write`` marks what a read-only App may not do.
"""

from __future__ import annotations

from roost.api import oauth, tco
from roost.api.endpoint import Endpoint
from roost.api.v1 import (
    account,
    application,
    collections,
    engagement,
    friendships,
    geo,
    lists,
    media,
    oembed,
    search,
    statuses,
    streaming,
    timelines,
    users,
)
from roost.api.v2 import oauth2 as v2_oauth2
from roost.api.v2 import tweets as v2_tweets
from roost.api.v2 import users as v2_users
from roost.auth.scopes import required

E = Endpoint

ENDPOINTS: list[Endpoint] = [
    # app-only authentication
    E("POST", "/oauth2/token", oauth.token, auth="self"),
    E("POST", "/oauth2/invalidate_token", oauth.invalidate_bearer, auth="self"),
    # the 3-legged flow (its pages, /oauth/authorize and /oauth/authenticate, are in web/);
    # GET too: python-oauth2's Twitter example and other old clients fetched tokens by GET
    E("POST", "/oauth/request_token", oauth.request_token, auth="self"),
    E("GET", "/oauth/request_token", oauth.request_token, auth="self"),
    E("POST", "/oauth/access_token", oauth.access_token, auth="self"),
    E("GET", "/oauth/access_token", oauth.access_token, auth="self"),
    E(
        "POST",
        "/1.1/oauth/invalidate_token.json",
        oauth.invalidate_access_token,
        auth="user",
        resource="/oauth/invalidate_token",
    ),
    # account
    E(
        "GET",
        "/1.1/account/verify_credentials.json",
        account.verify_credentials,
        resource="/account/verify_credentials",
    ),
    E("GET", "/1.1/account/settings.json", account.get_settings, resource="/account/settings"),
    E("POST", "/1.1/account/settings.json", account.post_settings, write=True),
    E("POST", "/1.1/account/update_profile.json", account.update_profile, write=True),
    # users
    E("GET", "/1.1/users/show.json", users.show, auth="any", resource="/users/show/:id"),
    E("GET", "/1.1/users/lookup.json", users.lookup, auth="any", resource="/users/lookup"),
    E("POST", "/1.1/users/lookup.json", users.lookup, auth="any", resource="/users/lookup"),
    # user context only, as the reference says (app-only is 403/220)
    E("GET", "/1.1/users/search.json", users.search, resource="/users/search"),
    # the social graph
    E("POST", "/1.1/friendships/create.json", friendships.create, write=True),
    E("POST", "/1.1/friendships/destroy.json", friendships.destroy, write=True),
    E("POST", "/1.1/friendships/accept.json", friendships.accept, write=True),
    E("POST", "/1.1/friendships/deny.json", friendships.deny, write=True),
    E(
        "GET",
        "/1.1/friendships/show.json",
        friendships.show,
        auth="any",
        resource="/friendships/show",
    ),
    E(
        "GET",
        "/1.1/friendships/incoming.json",
        friendships.incoming,
        resource="/friendships/incoming",
    ),
    E(
        "GET",
        "/1.1/friendships/outgoing.json",
        friendships.outgoing,
        resource="/friendships/outgoing",
    ),
    E(
        "GET",
        "/1.1/followers/ids.json",
        friendships.follower_ids,
        auth="any",
        resource="/followers/ids",
    ),
    E(
        "GET",
        "/1.1/followers/list.json",
        friendships.followers_list,
        auth="any",
        resource="/followers/list",
    ),
    E("GET", "/1.1/friends/ids.json", friendships.friend_ids, auth="any", resource="/friends/ids"),
    E(
        "GET",
        "/1.1/friends/list.json",
        friendships.friends_list,
        auth="any",
        resource="/friends/list",
    ),
    # statuses
    E(
        "POST",
        "/1.1/statuses/update.json",
        statuses.update,
        resource="/statuses/update",
        write=True,
    ),
    E("POST", "/1.1/statuses/destroy/{id}.json", statuses.destroy, write=True),
    # oEmbed: no authentication (rate limits apply only to authenticated callers)
    E(
        "GET",
        "/1.1/statuses/oembed.json",
        oembed.embed,
        auth="none",
        resource="/statuses/oembed",
    ),
    E("GET", "/oembed", oembed.publish, auth="none"),  # publish.twitter.com/oembed
    E("GET", "/1.1/statuses/show.json", statuses.show, auth="any", resource="/statuses/show/:id"),
    E(
        "GET",
        "/1.1/statuses/show/{id}.json",
        statuses.show,
        auth="any",
        resource="/statuses/show/:id",
    ),
    E("GET", "/1.1/statuses/lookup.json", statuses.lookup, auth="any", resource="/statuses/lookup"),
    E(
        "POST",
        "/1.1/statuses/lookup.json",
        statuses.lookup,
        auth="any",
        resource="/statuses/lookup",
    ),
    E(
        "POST",
        "/1.1/statuses/update_with_media.json",
        media.update_with_media,
        resource="/statuses/update_with_media",
        write=True,
    ),
    # retweets and likes
    E(
        "POST",
        "/1.1/statuses/retweet/{id}.json",
        engagement.retweet,
        resource="/statuses/retweet/:id",
        write=True,
    ),
    E(
        "POST",
        "/1.1/statuses/retweet.json",
        engagement.retweet,
        resource="/statuses/retweet/:id",
        write=True,
    ),
    E("POST", "/1.1/statuses/unretweet/{id}.json", engagement.unretweet, write=True),
    E("POST", "/1.1/statuses/unretweet.json", engagement.unretweet, write=True),
    E(
        "GET",
        "/1.1/statuses/retweets/{id}.json",
        engagement.retweets,
        auth="any",
        resource="/statuses/retweets/:id",
    ),
    E(
        "GET",
        "/1.1/statuses/retweets_of_me.json",
        engagement.retweets_of_me,
        resource="/statuses/retweets_of_me",
    ),
    E(
        "GET",
        "/1.1/statuses/retweeters/ids.json",
        engagement.retweeters_ids,
        auth="any",
        resource="/statuses/retweeters/ids",
    ),
    E(
        "POST",
        "/1.1/favorites/create.json",
        engagement.favorite,
        resource="/favorites/create",
        write=True,
    ),
    E("POST", "/1.1/favorites/destroy.json", engagement.unfavorite, write=True),
    E(
        "GET",
        "/1.1/favorites/list.json",
        engagement.favorites_list,
        auth="any",
        resource="/favorites/list",
    ),
    # timelines
    E(
        "GET",
        "/1.1/statuses/home_timeline.json",
        timelines.home_timeline,
        resource="/statuses/home_timeline",
    ),
    E(
        "GET",
        "/1.1/statuses/user_timeline.json",
        timelines.user_timeline,
        auth="any",
        resource="/statuses/user_timeline",
    ),
    E(
        "GET",
        "/1.1/statuses/mentions_timeline.json",
        timelines.mentions_timeline,
        resource="/statuses/mentions_timeline",
    ),
    # search
    E("GET", "/1.1/search/tweets.json", search.tweets, auth="any", resource="/search/tweets"),
    # streaming (stream.twitter.com's path, served here; user context only, as the seeds say;
    # connection limits and 420 are the stream hub's, not a rate-limit window)
    E("GET", "/1.1/statuses/filter.json", streaming.filter_stream),
    E("POST", "/1.1/statuses/filter.json", streaming.filter_stream),
    # lists (writes carry no rate-limit headers, as Twitter's POSTs did not)
    E("POST", "/1.1/lists/create.json", lists.create, write=True),
    E("POST", "/1.1/lists/update.json", lists.update, write=True),
    E("POST", "/1.1/lists/destroy.json", lists.destroy, write=True),
    E("GET", "/1.1/lists/show.json", lists.show, auth="any", resource="/lists/show"),
    E("GET", "/1.1/lists/list.json", lists.lists_list, auth="any", resource="/lists/list"),
    E(
        "GET",
        "/1.1/lists/ownerships.json",
        lists.ownerships,
        auth="any",
        resource="/lists/ownerships",
    ),
    E(
        "GET",
        "/1.1/lists/memberships.json",
        lists.memberships,
        auth="any",
        resource="/lists/memberships",
    ),
    E(
        "GET",
        "/1.1/lists/statuses.json",
        lists.list_statuses,
        auth="any",
        resource="/lists/statuses",
    ),
    E("GET", "/1.1/lists/members.json", lists.members, auth="any", resource="/lists/members"),
    E(
        "GET",
        "/1.1/lists/members/show.json",
        lists.members_show,
        auth="any",
        resource="/lists/members/show",
    ),
    E("POST", "/1.1/lists/members/create.json", lists.members_create, write=True),
    E("POST", "/1.1/lists/members/destroy.json", lists.members_destroy, write=True),
    E("POST", "/1.1/lists/members/create_all.json", lists.members_create_all, write=True),
    E("POST", "/1.1/lists/members/destroy_all.json", lists.members_destroy_all, write=True),
    # collections (reads also app-only, a choice: the seeds say "user context only", but every
    # collection is public and rules.py has app windows; writes carry no rate-limit headers)
    E(
        "GET",
        "/1.1/collections/entries.json",
        collections.entries,
        auth="any",
        resource="/collections/entries",
    ),
    E(
        "GET",
        "/1.1/collections/list.json",
        collections.list_collections,
        auth="any",
        resource="/collections/list",
    ),
    E(
        "GET",
        "/1.1/collections/show.json",
        collections.show,
        auth="any",
        resource="/collections/show",
    ),
    E("POST", "/1.1/collections/create.json", collections.create, write=True),
    E("POST", "/1.1/collections/destroy.json", collections.destroy, write=True),
    E("POST", "/1.1/collections/update.json", collections.update, write=True),
    E("POST", "/1.1/collections/entries/add.json", collections.entries_add, write=True),
    E("POST", "/1.1/collections/entries/curate.json", collections.entries_curate, write=True),
    E("POST", "/1.1/collections/entries/move.json", collections.entries_move, write=True),
    E("POST", "/1.1/collections/entries/remove.json", collections.entries_remove, write=True),
    # places
    E("GET", "/1.1/geo/id/{place_id}.json", geo.place, auth="any", resource="/geo/id/:place_id"),
    E(
        "GET",
        "/1.1/geo/reverse_geocode.json",
        geo.reverse_geocode,
        auth="any",
        resource="/geo/reverse_geocode",
    ),
    # media (upload.twitter.com; the same paths on any host)
    E("POST", "/1.1/media/upload.json", media.upload, resource="/media/upload", write=True),
    E("GET", "/1.1/media/upload.json", media.status, resource="/media/upload"),
    E("POST", "/1.1/media/metadata/create.json", media.metadata_create, write=True),
    # t.co, and the uploaded files (Roost's pbs.twimg.com)
    # Twitter API v2: Manage Tweets (errors as problems; OAuth 2.0 user tokens need the scopes
    # of auth/scopes.py)
    E(
        "POST",
        "/2/tweets",
        v2_tweets.create,
        resource="/2/tweets&POST",
        write=True,
        problems=True,
        scopes=required("POST", "/2/tweets"),
    ),
    E(
        "DELETE",
        "/2/tweets/{id}",
        v2_tweets.destroy,
        resource="/2/tweets/:id&DELETE",
        write=True,
        problems=True,
        scopes=required("DELETE", "/2/tweets/{id}"),
    ),
    E(
        "GET",
        "/2/users/me",
        v2_users.me,
        resource="/2/users/me",
        problems=True,
        scopes=required("GET", "/2/users/me"),
    ),
    # OAuth 2.0 Authorization Code with PKCE: the token endpoints (the consent page is
    # web/consent.py); clients authenticate with HTTP Basic or their client_id alone
    E("POST", "/2/oauth2/token", v2_oauth2.token, auth="self"),
    E("POST", "/2/oauth2/revoke", v2_oauth2.revoke, auth="self"),
    E("GET", "/t.co/{code}", tco.redirect, auth="none"),
    E("GET", "/media/{file}", media.file, auth="none"),
    # rate limits
    E(
        "GET",
        "/1.1/application/rate_limit_status.json",
        application.rate_limit_status,
        auth="any",
        resource="/application/rate_limit_status",
    ),
]
