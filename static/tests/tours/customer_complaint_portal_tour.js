import { registry } from "@web/core/registry";

// A 1x1 transparent PNG, uploaded as the complaint's photo.
const PNG_BASE64 =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

registry.category("web_tour.tours").add("customer_complaint_portal_tour", {
    url: "/my/complaints/new",
    steps: () => [
        {
            content: "Pick the order the complaint is about",
            trigger: "select[name=order_id]",
            run: "selectByIndex 1",
        },
        {
            content: "Say what the complaint is about",
            trigger: "input[name=subject]",
            run: "edit Broken lamp",
        },
        {
            content: "Describe what happened",
            trigger: "textarea[name=description]",
            run: "edit The lamp arrived with a cracked shade.",
        },
        {
            content: "Join a photo",
            trigger: "input[name=photos]",
            async run() {
                const blob = await (await fetch(`data:image/png;base64,${PNG_BASE64}`)).blob();
                const dataTransfer = new DataTransfer();
                dataTransfer.items.add(new File([blob], "lamp.png", { type: "image/png" }));
                this.anchor.files = dataTransfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Send the complaint",
            trigger: "button.o_complaint_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint page thanks the customer",
            trigger: ".alert-success:contains(we have received your complaint)",
        },
        {
            content: "The complaint page shows the subject and the photo",
            trigger: ".o_complaint_subject:contains(Broken lamp)",
        },
        {
            content: "The photo is shown",
            trigger: ".o_complaint_photos img[alt='lamp.png']",
        },
        {
            content: "Write to the complaints team in the chatter",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit Any news about my lamp?",
        },
        {
            content: "Send the message",
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The message is in the communication history",
            trigger: "#chatterRoot:shadow .o-mail-Message-body:contains(Any news about my lamp?)",
        },
        {
            content: "Go back to the list of complaints",
            trigger: ".o_portal_submenu a[href='/my/complaints']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The new complaint is listed",
            trigger: "tr.o_complaint_row:contains(Broken lamp)",
        },
    ],
});
