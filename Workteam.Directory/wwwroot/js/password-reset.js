// The password-reset link carries its code in the fragment, which the browser never sends: post it instead, and drop
// it from the address bar and history.
(() => {
    const code = decodeURIComponent(window.location.hash.slice(1));
    if (code) {
        history.replaceState(null, "", window.location.pathname);
        const form = document.getElementById("open-password-reset");
        form.elements["Code"].value = code;
        form.submit();
    }
})();
