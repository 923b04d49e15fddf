//! Arabic (Modern Standard Arabic) messages of the overlay.
use super::Text::{self, Plain, Plural};

/// What the first load (the tags) shows.
pub const VIEWER: &[(&str, Text)] = &[
    ("tags.group", Plain("المنتجات في هذا الفيديو")),
    ("tags.loading", Plain("{name}، جارٍ التحميل")),
];
/// What the shop module (card, cart, shelf, deals, LIVE) shows.
pub const SHOP: &[(&str, Text)] = &[
    ("announce.in_view", Plain("في الفيديو الآن: {names}")),
    ("announce.pinned", Plain("ثبّته مقدّم البث: {name}")),
    ("card.add", Plain("أضف إلى السلة")),
    ("card.added", Plain("تمت الإضافة إلى السلة")),
    ("card.adding", Plain("جارٍ الإضافة…")),
    ("card.choose_option", Plain("اختر أحد الخيارات")),
    (
        "card.error.deal_limit",
        Plural(&[
            ("zero", "لا يسمح «{deal}» بشراء أي قطعة."),
            (
                "one",
                "يسمح «{deal}» بقطعة واحدة لكل عميل، وهي في سلتك بالفعل.",
            ),
            (
                "two",
                "يسمح «{deal}» بقطعتين لكل عميل، وهما في سلتك بالفعل.",
            ),
            (
                "few",
                "يسمح «{deal}» بـ{count} قطع لكل عميل، وكلها في سلتك بالفعل.",
            ),
            (
                "many",
                "يسمح «{deal}» بـ{count} قطعة لكل عميل، وكلها في سلتك بالفعل.",
            ),
            (
                "other",
                "يسمح «{deal}» بـ{count} قطعة لكل عميل، وكلها في سلتك بالفعل.",
            ),
        ]),
    ),
    (
        "card.error.deal_limit_untitled",
        Plural(&[
            ("zero", "لا يسمح هذا العرض بشراء أي قطعة."),
            (
                "one",
                "يسمح هذا العرض بقطعة واحدة لكل عميل، وهي في سلتك بالفعل.",
            ),
            (
                "two",
                "يسمح هذا العرض بقطعتين لكل عميل، وهما في سلتك بالفعل.",
            ),
            (
                "few",
                "يسمح هذا العرض بـ{count} قطع لكل عميل، وكلها في سلتك بالفعل.",
            ),
            (
                "many",
                "يسمح هذا العرض بـ{count} قطعة لكل عميل، وكلها في سلتك بالفعل.",
            ),
            (
                "other",
                "يسمح هذا العرض بـ{count} قطعة لكل عميل، وكلها في سلتك بالفعل.",
            ),
        ]),
    ),
    (
        "card.error.have_all",
        Plural(&[
            ("zero", "نفدت كمية {name}."),
            ("one", "تبقّت قطعة واحدة فقط من {name}، وهي في سلتك بالفعل."),
            ("two", "تبقّت قطعتان فقط من {name}، وهما في سلتك بالفعل."),
            (
                "few",
                "تبقّت {count} قطع فقط من {name}، وكلها في سلتك بالفعل.",
            ),
            (
                "many",
                "تبقّت {count} قطعة فقط من {name}، وكلها في سلتك بالفعل.",
            ),
            (
                "other",
                "تبقّت {count} قطعة فقط من {name}، وكلها في سلتك بالفعل.",
            ),
        ]),
    ),
    ("card.error.load_failed", Plain("يتعذّر عرض هذا المنتج الآن.")),
    ("card.error.sold_out", Plain("نفدت الكمية.")),
    ("card.error.unavailable", Plain("لم يعد هذا المنتج متوفرًا.")),
    ("card.loading", Plain("جارٍ التحميل…")),
    ("card.one_size", Plain("مقاس موحّد")),
    ("card.option.chosen", Plain("{option}: {value}")),
    ("card.options", Plain("الخيارات")),
    ("card.retry", Plain("إعادة المحاولة")),
    ("card.unavailable.sold_out", Plain("نفدت كمية {options}.")),
    ("card.variant.in_cart", Plain("في سلتك")),
    (
        "card.variant.left",
        Plural(&[
            ("zero", "نفدت الكمية"),
            ("one", "تبقّت قطعة واحدة"),
            ("two", "تبقّت قطعتان"),
            ("few", "تبقّت {count} قطع"),
            ("many", "تبقّت {count} قطعة"),
            ("other", "تبقّت {count} قطعة"),
        ]),
    ),
    ("card.variant.none", Plain("غير متوفر بهذا الاختيار")),
    ("card.variant.sold_out", Plain("نفدت الكمية")),
    ("card.view_product", Plain("عرض المنتج")),
    ("cart.button.empty", Plain("سلة التسوق، فارغة")),
    (
        "cart.button.items",
        Plural(&[
            ("zero", "سلة التسوق، فارغة"),
            ("one", "سلة التسوق، منتج واحد"),
            ("two", "سلة التسوق، منتجان"),
            ("few", "سلة التسوق، {count} منتجات"),
            ("many", "سلة التسوق، {count} منتجًا"),
            ("other", "سلة التسوق، {count} منتج"),
        ]),
    ),
    ("cart.checking_out", Plain("جارٍ إتمام الطلب…")),
    ("cart.checkout", Plain("الدفع")),
    ("cart.close", Plain("إغلاق سلة التسوق")),
    ("cart.empty", Plain("سلة التسوق فارغة.")),
    ("cart.line.remove", Plain("إزالة")),
    ("cart.line.remove_named", Plain("إزالة {name}")),
    ("cart.subtotal", Plain("المجموع الفرعي")),
    ("cart.title", Plain("سلة التسوق")),
    (
        "checkout.failed.busy",
        Plain("لم يتم تقديم طلبك. المتجر مشغول حاليًا، يُرجى المحاولة مرة أخرى."),
    ),
    (
        "checkout.failed.deal_limit",
        Plural(&[
            ("zero", "لم يتم تقديم طلبك. لا يمكنك شراء المزيد بسعر العرض."),
            (
                "one",
                "لم يتم تقديم طلبك. يمكنك شراء قطعة واحدة أخرى فقط بسعر العرض.",
            ),
            (
                "two",
                "لم يتم تقديم طلبك. يمكنك شراء قطعتين أخريين فقط بسعر العرض.",
            ),
            (
                "few",
                "لم يتم تقديم طلبك. يمكنك شراء {count} قطع أخرى فقط بسعر العرض.",
            ),
            (
                "many",
                "لم يتم تقديم طلبك. يمكنك شراء {count} قطعة أخرى فقط بسعر العرض.",
            ),
            (
                "other",
                "لم يتم تقديم طلبك. يمكنك شراء {count} قطعة أخرى فقط بسعر العرض.",
            ),
        ]),
    ),
    (
        "checkout.failed.deal_sold_out",
        Plural(&[
            ("zero", "لم يتم تقديم طلبك. نفدت الكمية المتاحة بسعر العرض."),
            ("one", "لم يتم تقديم طلبك. تبقّت قطعة واحدة فقط بسعر العرض."),
            ("two", "لم يتم تقديم طلبك. تبقّت قطعتان فقط بسعر العرض."),
            ("few", "لم يتم تقديم طلبك. تبقّت {count} قطع فقط بسعر العرض."),
            (
                "many",
                "لم يتم تقديم طلبك. تبقّت {count} قطعة فقط بسعر العرض.",
            ),
            (
                "other",
                "لم يتم تقديم طلبك. تبقّت {count} قطعة فقط بسعر العرض.",
            ),
        ]),
    ),
    (
        "checkout.failed.limit",
        Plural(&[
            (
                "zero",
                "لم يتم تقديم طلبك. تجاوزت الحد المسموح به في الطلب الواحد.",
            ),
            (
                "one",
                "لم يتم تقديم طلبك. الحد الأقصى قطعة واحدة من كل منتج في الطلب الواحد.",
            ),
            (
                "two",
                "لم يتم تقديم طلبك. الحد الأقصى قطعتان من كل منتج في الطلب الواحد.",
            ),
            (
                "few",
                "لم يتم تقديم طلبك. الحد الأقصى {count} قطع من كل منتج في الطلب الواحد.",
            ),
            (
                "many",
                "لم يتم تقديم طلبك. الحد الأقصى {count} قطعة من كل منتج في الطلب الواحد.",
            ),
            (
                "other",
                "لم يتم تقديم طلبك. الحد الأقصى {count} قطعة من كل منتج في الطلب الواحد.",
            ),
        ]),
    ),
    (
        "checkout.failed.network",
        Plain("لم يتم تقديم طلبك. تعذّر الاتصال بالمتجر. تحقّق من اتصالك وحاول مرة أخرى."),
    ),
    (
        "checkout.failed.not_found",
        Plain("لم يتم تقديم طلبك. أحد المنتجات في سلتك لم يعد متوفرًا."),
    ),
    (
        "checkout.failed.only_left",
        Plural(&[
            ("zero", "لم يتم تقديم طلبك. نفدت كمية أحد المنتجات في سلتك."),
            (
                "one",
                "لم يتم تقديم طلبك. تبقّت قطعة واحدة فقط من أحد المنتجات في سلتك.",
            ),
            (
                "two",
                "لم يتم تقديم طلبك. تبقّت قطعتان فقط من أحد المنتجات في سلتك.",
            ),
            (
                "few",
                "لم يتم تقديم طلبك. تبقّت {count} قطع فقط من أحد المنتجات في سلتك.",
            ),
            (
                "many",
                "لم يتم تقديم طلبك. تبقّت {count} قطعة فقط من أحد المنتجات في سلتك.",
            ),
            (
                "other",
                "لم يتم تقديم طلبك. تبقّت {count} قطعة فقط من أحد المنتجات في سلتك.",
            ),
        ]),
    ),
    (
        "checkout.failed.refused",
        Plain("لم يتم تقديم طلبك. رفض المتجر الطلب."),
    ),
    (
        "checkout.failed.sold_out",
        Plain("لم يتم تقديم طلبك. نفدت كمية أحد المنتجات في سلتك."),
    ),
    ("checkout.handed_off", Plain("يُستكمل الدفع في التطبيق.")),
    ("checkout.placed.number", Plain("رقم الطلب {order}")),
    ("checkout.placed.title", Plain("تم تقديم الطلب")),
    ("checkout.placed.total", Plain("الإجمالي {total}")),
    ("common.close", Plain("إغلاق")),
    ("common.keep_watching", Plain("متابعة المشاهدة")),
    ("deal.badge.live", Plain("خصم {percent} · {time}")),
    (
        "deal.badge.live_spoken",
        Plain("خصم {percent}، ينتهي بعد {time}"),
    ),
    ("deal.badge.upcoming", Plain("يبدأ بعد {time}")),
    ("deal.badge.upcoming_spoken", Plain("يبدأ العرض بعد {time}")),
    ("deal.clock.hms", Plain("{h}:{m}:{s}")),
    ("deal.clock.ms", Plain("{m}:{s}")),
    ("deal.ended", Plain("انتهى العرض")),
    ("deal.ended_note", Plain("يُطبَّق السعر العادي.")),
    ("deal.live.headline", Plain("{deal} · ينتهي بعد {time}")),
    (
        "deal.live.headline_untitled",
        Plain("ينتهي العرض بعد {time}"),
    ),
    ("deal.live.spoken", Plain("{deal}، ينتهي بعد {time}")),
    ("deal.live.spoken_untitled", Plain("ينتهي العرض بعد {time}")),
    (
        "deal.note.limit",
        Plural(&[
            ("zero", "الحد لكل عميل: {count}"),
            ("one", "قطعة واحدة لكل عميل"),
            ("two", "قطعتان لكل عميل"),
            ("few", "{count} قطع لكل عميل"),
            ("many", "{count} قطعة لكل عميل"),
            ("other", "{count} قطعة لكل عميل"),
        ]),
    ),
    ("deal.note.price", Plain("{price} خلال العرض")),
    (
        "deal.note.stock",
        Plural(&[
            ("zero", "نفدت الكمية بهذا السعر"),
            ("one", "تبقّت قطعة واحدة بهذا السعر"),
            ("two", "تبقّت قطعتان بهذا السعر"),
            ("few", "تبقّت {count} قطع بهذا السعر"),
            ("many", "تبقّت {count} قطعة بهذا السعر"),
            ("other", "تبقّت {count} قطعة بهذا السعر"),
        ]),
    ),
    ("deal.upcoming.headline", Plain("{deal} · يبدأ بعد {time}")),
    (
        "deal.upcoming.headline_untitled",
        Plain("يبدأ العرض بعد {time}"),
    ),
    (
        "limit.deal",
        Plural(&[
            ("zero", "لا شيء بسعر العرض."),
            ("one", "قطعة واحدة لكل عميل بسعر العرض."),
            ("two", "قطعتان لكل عميل بسعر العرض."),
            ("few", "{count} قطع لكل عميل بسعر العرض."),
            ("many", "{count} قطعة لكل عميل بسعر العرض."),
            ("other", "{count} قطعة لكل عميل بسعر العرض."),
        ]),
    ),
    (
        "limit.deal_more",
        Plural(&[
            ("zero", "لا يمكنك إضافة المزيد بسعر العرض."),
            ("one", "يمكنك إضافة قطعة واحدة أخرى بسعر العرض."),
            ("two", "يمكنك إضافة قطعتين أخريين بسعر العرض."),
            ("few", "يمكنك إضافة {count} قطع أخرى بسعر العرض."),
            ("many", "يمكنك إضافة {count} قطعة أخرى بسعر العرض."),
            ("other", "يمكنك إضافة {count} قطعة أخرى بسعر العرض."),
        ]),
    ),
    ("live.badge", Plain("مباشر")),
    ("live.pin.label", Plain("ثبّته مقدّم البث")),
    (
        "live.pin.more",
        Plural(&[
            ("zero", "لا منتجات مثبّتة أخرى"),
            ("one", "+منتج آخر مثبّت"),
            ("two", "+منتجان آخران مثبّتان"),
            ("few", "+{count} منتجات أخرى مثبّتة"),
            ("many", "+{count} منتجًا آخر مثبّتًا"),
            ("other", "+{count} منتج آخر مثبّت"),
        ]),
    ),
    ("live.pin.shop", Plain("تسوّق")),
    ("live.pin.shop_named", Plain("تسوّق {name}")),
    ("price.fallback", Plain("{amount} {currency}")),
    ("price.was", Plain("السعر الأصلي {price}")),
    ("quantity.label", Plain("الكمية")),
    ("quantity.less", Plain("تقليل الكمية")),
    ("quantity.more", Plain("زيادة الكمية")),
    ("quantity.of", Plain("كمية {name}")),
    ("shelf.close", Plain("إغلاق المتجر")),
    (
        "shelf.count",
        Plural(&[
            ("zero", "لا توجد منتجات"),
            ("one", "منتج واحد"),
            ("two", "منتجان"),
            ("few", "{count} منتجات"),
            ("many", "{count} منتجًا"),
            ("other", "{count} منتج"),
        ]),
    ),
    ("shelf.deals_only", Plain("العروض فقط")),
    ("shelf.none", Plain("لا توجد منتجات مطابقة.")),
    ("shelf.open", Plain("المتجر")),
    (
        "shelf.open_count",
        Plural(&[
            ("zero", "لا منتجات"),
            ("one", "منتج واحد"),
            ("two", "منتجان"),
            ("few", "{count} منتجات"),
            ("many", "{count} منتجًا"),
            ("other", "{count} منتج"),
        ]),
    ),
    ("shelf.search_label", Plain("البحث في المنتجات")),
    ("shelf.search_placeholder", Plain("بحث")),
    ("shelf.title", Plain("تسوّق من هذا الفيديو")),
    ("shelf.view", Plain("عرض")),
    ("shelf.view_named", Plain("عرض {name}")),
    (
        "status.busy",
        Plain("المتجر مشغول حاليًا. يُرجى المحاولة مرة أخرى."),
    ),
    (
        "status.item_limit",
        Plural(&[
            ("zero", "لا يمكن طلب المزيد من هذا المنتج."),
            (
                "one",
                "الحد الأقصى قطعة واحدة من هذا المنتج في الطلب الواحد.",
            ),
            ("two", "الحد الأقصى قطعتان من هذا المنتج في الطلب الواحد."),
            (
                "few",
                "الحد الأقصى {count} قطع من هذا المنتج في الطلب الواحد.",
            ),
            (
                "many",
                "الحد الأقصى {count} قطعة من هذا المنتج في الطلب الواحد.",
            ),
            (
                "other",
                "الحد الأقصى {count} قطعة من هذا المنتج في الطلب الواحد.",
            ),
        ]),
    ),
    ("status.item_not_found", Plain("لم يعد هذا المنتج متوفرًا.")),
    (
        "status.item_only_left",
        Plural(&[
            ("zero", "نفدت كمية هذا المنتج."),
            ("one", "تبقّت قطعة واحدة فقط من هذا المنتج."),
            ("two", "تبقّت قطعتان فقط من هذا المنتج."),
            ("few", "تبقّت {count} قطع فقط من هذا المنتج."),
            ("many", "تبقّت {count} قطعة فقط من هذا المنتج."),
            ("other", "تبقّت {count} قطعة فقط من هذا المنتج."),
        ]),
    ),
    ("status.item_sold_out", Plain("نفدت كمية هذا المنتج.")),
    (
        "status.limit",
        Plural(&[
            ("zero", "لا يمكن طلب المزيد من {name}."),
            ("one", "الحد الأقصى قطعة واحدة من {name} في الطلب الواحد."),
            ("two", "الحد الأقصى قطعتان من {name} في الطلب الواحد."),
            ("few", "الحد الأقصى {count} قطع من {name} في الطلب الواحد."),
            ("many", "الحد الأقصى {count} قطعة من {name} في الطلب الواحد."),
            (
                "other",
                "الحد الأقصى {count} قطعة من {name} في الطلب الواحد.",
            ),
        ]),
    ),
    (
        "status.network",
        Plain("تعذّر الاتصال بالمتجر. تحقّق من اتصالك وحاول مرة أخرى."),
    ),
    ("status.not_found", Plain("لم يعد المنتج {name} متوفرًا.")),
    (
        "status.only_left",
        Plural(&[
            ("zero", "نفدت كمية {name}."),
            ("one", "تبقّت قطعة واحدة فقط من {name}."),
            ("two", "تبقّت قطعتان فقط من {name}."),
            ("few", "تبقّت {count} قطع فقط من {name}."),
            ("many", "تبقّت {count} قطعة فقط من {name}."),
            ("other", "تبقّت {count} قطعة فقط من {name}."),
        ]),
    ),
    ("status.refused", Plain("رفض المتجر هذا التغيير.")),
    ("status.sold_out", Plain("نفدت كمية {name}.")),
];
