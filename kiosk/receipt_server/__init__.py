"""The receipt service: stations PUT finished receipts, drivers open them by QR.

Its own package: it shares only the receipt model and rendering
(kiosk.receipts) with the kiosk, and its dependencies (Starlette, uvicorn,
fpdf2, psycopg) are the optional extra ``ev-kiosk[receipts]``.
"""
