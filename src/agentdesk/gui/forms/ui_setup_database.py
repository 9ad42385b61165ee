# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'setup_database.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QRadioButton, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget, QWizardPage)

class Ui_SetupDatabasePage(object):
    def setupUi(self, SetupDatabasePage):
        if not SetupDatabasePage.objectName():
            SetupDatabasePage.setObjectName(u"SetupDatabasePage")
        self.main_layout = QVBoxLayout(SetupDatabasePage)
        self.main_layout.setSpacing(10)
        self.main_layout.setObjectName(u"main_layout")
        self.standalone_radio = QRadioButton(SetupDatabasePage)
        self.standalone_radio.setObjectName(u"standalone_radio")
        self.standalone_radio.setChecked(True)

        self.main_layout.addWidget(self.standalone_radio)

        self.standalone_path = QLabel(SetupDatabasePage)
        self.standalone_path.setObjectName(u"standalone_path")
        self.standalone_path.setWordWrap(True)
        self.standalone_path.setIndent(24)
        self.standalone_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.main_layout.addWidget(self.standalone_path)

        self.postgres_radio = QRadioButton(SetupDatabasePage)
        self.postgres_radio.setObjectName(u"postgres_radio")

        self.main_layout.addWidget(self.postgres_radio)

        self.postgres_form = QFormLayout()
        self.postgres_form.setObjectName(u"postgres_form")
        self.postgres_form.setContentsMargins(24, -1, -1, -1)
        self.url_label = QLabel(SetupDatabasePage)
        self.url_label.setObjectName(u"url_label")

        self.postgres_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.url_label)

        self.url_edit = QLineEdit(SetupDatabasePage)
        self.url_edit.setObjectName(u"url_edit")
        self.url_edit.setPlaceholderText(u"postgresql+psycopg://sato@db.example.com/agentdesk")

        self.postgres_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.url_edit)

        self.password_label = QLabel(SetupDatabasePage)
        self.password_label.setObjectName(u"password_label")

        self.postgres_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password_edit = QLineEdit(SetupDatabasePage)
        self.password_edit.setObjectName(u"password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.postgres_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.password_edit)


        self.main_layout.addLayout(self.postgres_form)

        self.test_row = QHBoxLayout()
        self.test_row.setObjectName(u"test_row")
        self.test_button = QPushButton(SetupDatabasePage)
        self.test_button.setObjectName(u"test_button")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.test_button.sizePolicy().hasHeightForWidth())
        self.test_button.setSizePolicy(sizePolicy)

        self.test_row.addWidget(self.test_button)

        self.result_label = QLabel(SetupDatabasePage)
        self.result_label.setObjectName(u"result_label")
        self.result_label.setWordWrap(True)
        sizePolicy1 = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy1.setHorizontalStretch(1)
        sizePolicy1.setVerticalStretch(0)
        sizePolicy1.setHeightForWidth(self.result_label.sizePolicy().hasHeightForWidth())
        self.result_label.setSizePolicy(sizePolicy1)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.test_row.addWidget(self.result_label)

        self.test_row.setStretch(1, 1)

        self.main_layout.addLayout(self.test_row)

        self.spacer = QSpacerItem(20, 10, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.spacer)

#if QT_CONFIG(shortcut)
        self.url_label.setBuddy(self.url_edit)
        self.password_label.setBuddy(self.password_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.standalone_radio, self.postgres_radio)
        QWidget.setTabOrder(self.postgres_radio, self.url_edit)
        QWidget.setTabOrder(self.url_edit, self.password_edit)
        QWidget.setTabOrder(self.password_edit, self.test_button)

        self.retranslateUi(SetupDatabasePage)

        QMetaObject.connectSlotsByName(SetupDatabasePage)
    # setupUi

    def retranslateUi(self, SetupDatabasePage):
        SetupDatabasePage.setTitle(QCoreApplication.translate("SetupDatabasePage", u"Routing database", None))
        SetupDatabasePage.setSubTitle(QCoreApplication.translate("SetupDatabasePage", u"Where agentdesk keeps the interactions. On your own, keep the standalone file; in a team, your administrator gives you the address of the shared database.", None))
        self.standalone_radio.setText(QCoreApplication.translate("SetupDatabasePage", u"Standalone: an SQLite file on this computer", None))
        self.postgres_radio.setText(QCoreApplication.translate("SetupDatabasePage", u"Team: a shared PostgreSQL database", None))
        self.url_label.setText(QCoreApplication.translate("SetupDatabasePage", u"Database URL", None))
        self.password_label.setText(QCoreApplication.translate("SetupDatabasePage", u"Password", None))
        self.password_edit.setPlaceholderText(QCoreApplication.translate("SetupDatabasePage", u"kept in the system keyring, never in a file", None))
        self.test_button.setText(QCoreApplication.translate("SetupDatabasePage", u"Test connection", None))
    # retranslateUi

