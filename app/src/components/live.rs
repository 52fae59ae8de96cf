//! Live regions: parts of a server-rendered page that change in place.
//!
//! Every page is plain HTML whose links and forms work without JavaScript. Inside a
//! [`LiveRegion`], once its island has hydrated, following a link to the same page or submitting
//! one of its forms fetches the page's new HTML from the server and swaps the region's content:
//! filters, sorting, paging and edits apply without a page load. Links and GET forms still change
//! the URL (views stay shareable, Back and Forward work); a form post keeps it, because the
//! server answers a post by sending the browser back to the page it came from. The server renders
//! everything and the browser only moves HTML, so the browser bundle holds no page code. What a
//! region cannot handle (another page, a file upload, a failed request) falls back to the
//! browser's ordinary navigation.
//!
//! A region can also let people drag an element marked `data-move-item="ID"` onto one marked
//! `data-move-to="VALUE"`: that posts `ID` and `VALUE` to a server function (see [`MoveTarget`])
//! as a form would, and swaps in the page the server sends back.
//!
//! Other islands on the page ask regions to reload by dispatching [`REFRESH_EVENT`] on `window`.
//! A region holds no islands itself: the HTML swapped in is not hydrated.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The `window` event that makes every live region reload its page.
pub const REFRESH_EVENT: &str = "plumb:refresh";

/// Where a drag and drop posts: `{id_field}=ID&{to_field}=VALUE` to `action`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveTarget {
    pub action: String,
    pub id_field: String,
    pub to_field: String,
}

/// Makes every live region on the page reload (after an island changed what they show).
pub fn refresh_live_regions() {
    #[cfg(feature = "hydrate")]
    if let Ok(event) = web_sys::Event::new(REFRESH_EVENT) {
        let _ = window().dispatch_event(&event);
    }
}

/// A part of the page that updates in place (see the module documentation).
#[island]
pub fn LiveRegion(
    /// Names the region: the new page must have a region of the same name to be swapped in.
    name: String,
    /// What dragging an item onto a target does, when the region allows it.
    moves: Option<MoveTarget>,
    children: Children,
) -> impl IntoView {
    let live = Live {
        region: NodeRef::new(),
        name: StoredValue::new(name.clone()),
        moves: StoredValue::new(moves),
        busy: RwSignal::new(false),
        latest: StoredValue::new(0),
        dragged: RwSignal::new(None),
    };
    // Effects run in the browser only: the attribute tells tests (and styles) the region is live.
    let ready = RwSignal::new(false);
    Effect::new(move |_| {
        ready.set(true);
        client::listen_to_window(live);
    });
    view! {
        <div
            node_ref=live.region
            class="live-region"
            data-live-region=name
            data-ready=move || ready.get().then_some("")
            aria-busy=move || live.busy.get().to_string()
            on:click=move |event| client::click(live, event)
            on:submit=move |event| client::submit(live, event)
            on:dragstart=move |event| client::drag_start(live, event)
            on:dragend=move |event| client::drag_end(live, event)
            on:dragover=move |event| client::drag_over(live, event)
            on:dragleave=move |event| client::drag_leave(live, event)
            on:drop=move |event| client::drop(live, event)
        >
            {children()}
        </div>
    }
}

/// A live region's state, shared by its event handlers.
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
struct Live {
    region: NodeRef<leptos::html::Div>,
    name: StoredValue<String>,
    moves: StoredValue<Option<MoveTarget>>,
    /// A request is under way (`aria-busy`).
    busy: RwSignal<bool>,
    /// Numbers the requests, so that an answer overtaken by a later request is dropped (two
    /// quick clicks on a sort link must end with the second order).
    latest: StoredValue<u64>,
    /// The id of the item being dragged.
    dragged: RwSignal<Option<String>>,
}

/// On the server, events never fire: the handlers only exist to be attached in the browser.
#[cfg(not(feature = "hydrate"))]
mod client {
    use super::Live;
    use leptos::ev::{DragEvent, MouseEvent, SubmitEvent};

    pub fn listen_to_window(_: Live) {}
    pub fn click(_: Live, _: MouseEvent) {}
    pub fn submit(_: Live, _: SubmitEvent) {}
    pub fn drag_start(_: Live, _: DragEvent) {}
    pub fn drag_end(_: Live, _: DragEvent) {}
    pub fn drag_over(_: Live, _: DragEvent) {}
    pub fn drag_leave(_: Live, _: DragEvent) {}
    pub fn drop(_: Live, _: DragEvent) {}
}

#[cfg(feature = "hydrate")]
mod client {
    use leptos::ev::{DragEvent, MouseEvent, SubmitEvent};
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        Document, DomParser, Element, FormData, HtmlAnchorElement, HtmlElement, HtmlFormElement, RequestInit,
        Response, SupportedType, Url, UrlSearchParams,
    };

    use super::{Live, REFRESH_EVENT};

    /// What to do with the URL once the new content is in.
    #[derive(Clone, Copy, PartialEq)]
    enum History {
        /// A new entry (links, GET forms).
        Push,
        /// Leave it (posts; Back and Forward, which moved it already).
        Keep,
    }

    pub fn listen_to_window(live: Live) {
        let path = window().location().pathname().unwrap_or_default();
        // Back and Forward between views of this page: show the view the URL now names.
        let on_history = window_event_listener(leptos::ev::popstate, move |_| {
            let location = window().location();
            if location.pathname().ok().as_deref() == Some(path.as_str())
                && let Ok(href) = location.href()
            {
                load(live, href, None, History::Keep);
            }
        });
        let on_refresh = window_event_listener_untyped(REFRESH_EVENT, move |_| {
            if let Ok(href) = window().location().href() {
                load(live, href, None, History::Keep);
            }
        });
        on_cleanup(move || {
            on_history.remove();
            on_refresh.remove();
        });
    }

    pub fn click(live: Live, event: MouseEvent) {
        let modified = event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
        if event.default_prevented() || event.button() != 0 || modified {
            return;
        }
        let Some(link) =
            closest(&event, "a[href]").and_then(|link| link.dyn_into::<HtmlAnchorElement>().ok())
        else {
            return;
        };
        if link.has_attribute("download") || !link.target().is_empty() || link.rel().contains("external") {
            return;
        }
        let href = link.href();
        if same_page(&href) {
            event.prevent_default();
            load(live, href, None, History::Push);
        }
    }

    pub fn submit(live: Live, event: SubmitEvent) {
        let Some(form) = event.target().and_then(|target| target.dyn_into::<HtmlFormElement>().ok()) else {
            return;
        };
        // Files go the ordinary way: the upload form leaves the page for the preview anyway.
        if event.default_prevented() || form.enctype() == "multipart/form-data" {
            return;
        }
        let Ok(fields) = form_fields(&form, event.submitter()) else {
            return;
        };
        let action = form.action();
        if form.method().eq_ignore_ascii_case("post") {
            event.prevent_default();
            load(live, action, Some(fields), History::Keep);
        } else {
            let Ok(url) = Url::new(&action) else { return };
            url.set_search(&String::from(fields.to_string()));
            let href = url.href();
            if same_page(&href) {
                event.prevent_default();
                load(live, href, None, History::Push);
            }
        }
    }

    pub fn drag_start(live: Live, event: DragEvent) {
        if live.moves.with_value(Option::is_none) {
            return;
        }
        if let Some(id) =
            closest(&event, "[data-move-item]").and_then(|item| item.get_attribute("data-move-item"))
        {
            if let Some(transfer) = event.data_transfer() {
                transfer.set_effect_allowed("move");
                let _ = transfer.set_data("text/plain", &id);
            }
            live.dragged.set(Some(id));
        }
    }

    pub fn drag_end(live: Live, _: DragEvent) {
        live.dragged.set(None);
        mark_targets(live, None);
    }

    pub fn drag_over(live: Live, event: DragEvent) {
        if live.dragged.with_untracked(Option::is_none) {
            return;
        }
        if let Some(target) = closest(&event, "[data-move-to]") {
            // Accepting the drop is what preventing the default means here.
            event.prevent_default();
            mark_targets(live, Some(&target));
        }
    }

    pub fn drag_leave(live: Live, event: DragEvent) {
        let entered = event.related_target().and_then(|node| node.dyn_into::<Element>().ok());
        let still_inside = entered.and_then(|element| element.closest("[data-move-to]").ok().flatten());
        if still_inside.is_none() {
            mark_targets(live, None);
        }
    }

    pub fn drop(live: Live, event: DragEvent) {
        let (Some(id), Some(moves)) = (live.dragged.get_untracked(), live.moves.get_value()) else {
            return;
        };
        let Some(to) =
            closest(&event, "[data-move-to]").and_then(|target| target.get_attribute("data-move-to"))
        else {
            return;
        };
        event.prevent_default();
        live.dragged.set(None);
        mark_targets(live, None);
        let Ok(fields) = UrlSearchParams::new() else { return };
        fields.append(&moves.id_field, &id);
        fields.append(&moves.to_field, &to);
        // A move changes the item like the card's form does, so it carries the same
        // anti-forgery token, which every form in the region holds.
        let token_field = format!("input[name=\"{}\"]", crate::components::csrf::FIELD);
        let token = live
            .region
            .get_untracked()
            .and_then(|region| region.query_selector(&token_field).ok().flatten())
            .and_then(|input| input.get_attribute("value"));
        if let Some(token) = token {
            fields.append(crate::components::csrf::FIELD, &token);
        }
        let action = Url::new_with_base(&moves.action, &window().location().href().unwrap_or_default())
            .map(|url| url.href())
            .unwrap_or(moves.action);
        load(live, action, Some(fields), History::Keep);
    }

    /// Highlights the drop target under the pointer (and only that one).
    fn mark_targets(live: Live, current: Option<&Element>) {
        let Some(region) = live.region.get_untracked() else { return };
        if let Ok(marked) = region.query_selector_all(".drop-target") {
            for index in 0..marked.length() {
                if let Some(element) = marked.item(index).and_then(|node| node.dyn_into::<Element>().ok()) {
                    let _ = element.class_list().remove_1("drop-target");
                }
            }
        }
        if let Some(current) = current {
            let _ = current.class_list().add_1("drop-target");
        }
    }

    /// The element the event happened in, or its nearest ancestor, that matches `selector`.
    fn closest(event: &web_sys::Event, selector: &str) -> Option<Element> {
        let target = event.target()?.dyn_into::<Element>().ok()?;
        target.closest(selector).ok().flatten()
    }

    /// Whether `href` is this page (another query is fine: that is another view of it).
    fn same_page(href: &str) -> bool {
        let location = window().location();
        let Ok(url) = Url::new(href) else { return false };
        location.origin().is_ok_and(|origin| origin == url.origin())
            && location.pathname().is_ok_and(|path| path == url.pathname())
    }

    /// A form's fields as a form post encodes them, with the button that submitted it.
    fn form_fields(
        form: &HtmlFormElement,
        submitter: Option<HtmlElement>,
    ) -> Result<UrlSearchParams, JsValue> {
        let data = FormData::new_with_form(form)?;
        let fields = UrlSearchParams::new_with_str_sequence_sequence(&data)?;
        if let Some(button) = submitter
            && let (Some(name), Some(value)) = (button.get_attribute("name"), button.get_attribute("value"))
        {
            fields.append(&name, &value);
        }
        Ok(fields)
    }

    /// Fetches `href` (posting `fields` when given) and swaps the region's content for the
    /// same region of the page that comes back; anything unexpected becomes a page load.
    fn load(live: Live, href: String, fields: Option<UrlSearchParams>, history: History) {
        live.busy.set(true);
        let ticket = live.latest.get_value() + 1;
        live.latest.set_value(ticket);
        leptos::task::spawn_local(async move {
            let posted = fields.is_some();
            let answer = fetch_page(&href, fields).await;
            if live.latest.get_value() != ticket {
                return;
            }
            match answer {
                Ok((final_url, document)) if swap(live, &document) => {
                    if history == History::Push {
                        let _ = window()
                            .history()
                            .and_then(|h| h.push_state_with_url(&JsValue::NULL, "", Some(&final_url)));
                    }
                }
                Ok((final_url, _)) => {
                    // The server sent another page (a redirect elsewhere): go there.
                    let _ = window().location().assign(&final_url);
                }
                Err(_) if !posted => {
                    let _ = window().location().assign(&href);
                }
                Err(_) => {
                    // The post may or may not have happened: show the page as it is now.
                    let _ = window().location().reload();
                }
            }
            live.busy.set(false);
        });
    }

    /// The page at `href` (after redirects) and where it ended up.
    async fn fetch_page(href: &str, fields: Option<UrlSearchParams>) -> Result<(String, Document), JsValue> {
        let init = RequestInit::new();
        let headers = web_sys::Headers::new()?;
        // What a browser sends for a page; for a post it makes the server answer with a redirect
        // back to this page instead of the function's data.
        headers.set("Accept", "text/html")?;
        init.set_headers(&headers);
        if let Some(fields) = fields {
            init.set_method("POST");
            init.set_body(&fields);
        }
        let response: Response =
            JsFuture::from(window().fetch_with_str_and_init(href, &init)).await?.dyn_into()?;
        if !response.ok() {
            return Err(JsValue::from_str("the server answered with an error"));
        }
        let text = JsFuture::from(response.text()?).await?.as_string().unwrap_or_default();
        let document = DomParser::new()?.parse_from_string(&text, SupportedType::TextHtml)?;
        Ok((without_error_marker(&response.url()), document))
    }

    /// Leptos reports a failed form post by adding `__err` to the page's URL; the page shows the
    /// error, and the address bar should not keep it.
    fn without_error_marker(href: &str) -> String {
        let Ok(url) = Url::new(href) else { return href.to_owned() };
        url.search_params().delete("__err");
        url.href()
    }

    /// Puts the same region of `document` in place of this one; false when it has none.
    fn swap(live: Live, document: &Document) -> bool {
        let Some(region) = live.region.get_untracked() else { return false };
        let selector = live.name.with_value(|name| format!("[data-live-region=\"{name}\"]"));
        let Ok(Some(fresh)) = document.query_selector(&selector) else { return false };
        let focused = focus_key(&region);
        region.set_inner_html(&fresh.inner_html());
        if let Some(title) =
            document.query_selector("title").ok().flatten().and_then(|title| title.text_content())
            && let Some(current) = window().document()
        {
            current.set_title(&title);
        }
        if let Some(key) = focused {
            restore_focus(&region, key);
        }
        true
    }

    /// Where keyboard focus goes back to once the new content is in.
    struct FocusKey {
        selector: String,
        /// The selector names a container of the focused element (which had nothing to find it
        /// by): focus the container's first focusable element.
        within: bool,
    }

    /// Finds the focused element again in the new content: by its id, its sort key or its name
    /// (form fields), or else by the nearest enclosing element with an id (a board card, a form).
    fn focus_key(region: &Element) -> Option<FocusKey> {
        let focused = window().document()?.active_element()?;
        if !region.contains(Some(&focused)) {
            return None;
        }
        let quoted = |text: String| text.replace('\\', "\\\\").replace('"', "\\\"");
        let exact = |selector: String| Some(FocusKey { selector, within: false });
        if !focused.id().is_empty() {
            return exact(format!("[id=\"{}\"]", quoted(focused.id())));
        }
        if let Some(sort) = focused.get_attribute("data-sort") {
            return exact(format!("[data-sort=\"{}\"]", quoted(sort)));
        }
        if let Some(name) = focused.get_attribute("name") {
            return exact(format!("[name=\"{}\"]", quoted(name)));
        }
        let container = focused.parent_element()?.closest("[id]").ok().flatten()?;
        region
            .contains(Some(&container))
            .then(|| FocusKey { selector: format!("[id=\"{}\"]", quoted(container.id())), within: true })
    }

    fn restore_focus(region: &Element, key: FocusKey) {
        let found = region.query_selector(&key.selector).ok().flatten();
        let target = if key.within {
            found.and_then(|container| {
                container
                    .query_selector("a[href], button, input:not([type=hidden]), select, textarea")
                    .ok()
                    .flatten()
            })
        } else {
            found
        };
        if let Some(element) = target {
            let _ = element.unchecked_into::<HtmlElement>().focus();
        }
    }
}
