"""Printable assistance documents in Chinese, on the core document API
(`minzheng.core.documents`):

| document | module | rule |
| --- | --- | --- |
| 受理回执 / 一次性告知书 | `receipt` | D1.5, D1.9, D6.2 |
| 公示名单 (one community) | `public_notice` | D1.7, D3.7 |
| 批准通知书 / 不予批准通知书 | `decision` | D1.8 |
| 先行救助通知书 / 失信认定决定书 | `fast_track` | D6.2–D6.4 |

Each builder takes rows already checked for scope and returns a `Document`; the
views in `assistance.views_documents` scope, render, audit and serve them.
"""
